/**
 * Keystores (*.p12, *.pfx, *.jks, *.keystore) are binary and found by name; what tells a keystore
 * from a truststore (public certificates only, as the JDK's cacerts) is whether it holds a private
 * key entry, which both formats say without the password.
 */
import type { Detection } from './secret-detect.ts';
import { fingerprintOf } from './secret-tokens.ts';

const JKS_MAGIC = 0xfeedfeed;
const JCEKS_MAGIC = 0xcececece;
/** JKS entry tags: 1 a private key with its chain, 2 a trusted certificate, 3 a secret key (JCEKS). */
const TRUSTED_CERT = 2;
/** DER of the PKCS#12 bag types that carry a private key: keyBag and pkcs8ShroudedKeyBag (1.2.840.113549.1.12.10.1.1 and .2). */
const KEY_BAG_OIDS = [1, 2].map((last) => Buffer.from([0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, last]));

/** A finding for a keystore that holds (or may hold) a private key; none for a truststore of certificates alone. */
export function keystoreDetections(bytes: Buffer, complete: boolean): Detection[] {
  const magic = bytes.length >= 4 ? bytes.readUInt32BE(0) : 0;
  let kind: string;
  if (magic === JKS_MAGIC || magic === JCEKS_MAGIC) {
    const keys = jksHoldsKey(bytes);
    if (keys === false && complete) return [];
    kind = 'a Java keystore with a private key';
  } else if (bytes[0] === 0x30) {
    // Keys sit in a shrouded bag in the unencrypted part; certificates alone make a truststore.
    const keys = KEY_BAG_OIDS.some((oid) => bytes.includes(oid));
    if (!keys && complete) return [];
    kind = 'a PKCS#12 keystore with a private key';
  } else kind = 'a keystore';
  return [{ kind, fingerprint: fingerprintOf(bytes) }];
}

/** Whether a JKS or JCEKS store has an entry other than a trusted certificate; undefined when it cannot be walked. */
function jksHoldsKey(bytes: Buffer): boolean | undefined {
  try {
    const version = bytes.readUInt32BE(4);
    const count = bytes.readUInt32BE(8);
    let at = 12;
    for (let entry = 0; entry < count; entry++) {
      const tag = bytes.readUInt32BE(at);
      if (tag !== TRUSTED_CERT) return true;
      at += 4;
      at += 2 + bytes.readUInt16BE(at); // alias
      at += 8; // date
      if (version === 2) at += 2 + bytes.readUInt16BE(at); // certificate type
      at += 4 + bytes.readUInt32BE(at); // certificate
    }
    return false;
  } catch {
    return undefined;
  }
}
