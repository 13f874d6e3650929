/** Linux reads this many bytes of a file for `#!` (BINPRM_BUF_SIZE). */
export const SHEBANG_BUFFER = 256;

function isSpaceOrTab(byte: number): boolean {
  return byte === 0x20 || byte === 0x09;
}

/**
 * The interpreter and optional argument of a `#!` line, as Linux ≥ 5.1 (`binfmt_script.c`) reads it:
 * from the first 256 bytes (a shorter head is taken as the whole file); undefined where execve fails
 * (no `#!`, no or an empty interpreter, or an interpreter path cut off by the buffer).
 */
export function parseShebang(head: Buffer): { interpreter: string; argument?: string } | undefined {
  if (head.length < 2 || head[0] !== 0x23 || head[1] !== 0x21) return undefined;
  // The kernel's buffer is NUL-padded past the end of a short file; its last byte is never used.
  const buf = Buffer.alloc(SHEBANG_BUFFER);
  head.copy(buf, 0, 0, SHEBANG_BUFFER);
  const bufEnd = SHEBANG_BUFFER - 1;
  const isTerminator = (byte: number): boolean => isSpaceOrTab(byte) || byte === 0;
  const firstNonSpace = (from: number, end: number): number => {
    for (let at = from; at < end; at++) if (!isSpaceOrTab(buf[at])) return at;
    return -1;
  };
  const firstTerminator = (from: number, end: number): number => {
    for (let at = from; at < end; at++) if (isTerminator(buf[at])) return at;
    return -1;
  };

  let lineEnd = buf.indexOf(0x0a);
  if (lineEnd === -1) {
    const name = firstNonSpace(2, bufEnd);
    // Without a newline, the interpreter path must end inside the buffer, or it may be truncated.
    if (name === -1 || firstTerminator(name, bufEnd) === -1) return undefined;
    lineEnd = bufEnd;
  }
  while (lineEnd > 2 && isSpaceOrTab(buf[lineEnd - 1])) lineEnd--;
  const name = firstNonSpace(2, lineEnd);
  if (name === -1) return undefined;
  const separator = firstTerminator(name, lineEnd);
  const nameEnd = separator === -1 ? lineEnd : separator;
  // The kernel passes both as C strings: each stops at its first NUL.
  const cText = (from: number, to: number): string => {
    const nul = buf.indexOf(0, from);
    return buf.toString('utf8', from, nul === -1 || nul > to ? to : nul);
  };
  const interpreter = cText(name, nameEnd);
  if (interpreter === '') return undefined;
  if (separator === -1 || buf[separator] === 0) return { interpreter };
  const argument = firstNonSpace(separator, lineEnd);
  return argument === -1 ? { interpreter } : { interpreter, argument: cText(argument, lineEnd) };
}
