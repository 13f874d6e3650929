export const id = 999;
export const ids = [999];
export const modules = {

/***/ 6999:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  loadPolicy: () => (/* binding */ loadPolicy)
});

// UNUSED EXPORTS: parsePolicy

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/common/quote.ts
var quote = __webpack_require__(4633);
;// CONCATENATED MODULE: ./src/policy/messages.ts


/** `file:line:column: path: message` as one line; the path is left out at the top level. */
function policyError(where, path, message) {
    const subject = path.length === 0 ? '' : `${formatPath(path)}: `;
    return new errors.UserError(`${where}: ${subject}${message}`);
}
/** `rules.max-size.compressed`, `exceptions[0].reason`, `images["ghcr.io/acme/*"].rules`. */
function formatPath(path) {
    return path
        .map((segment, index) => {
        if (typeof segment === 'number')
            return `[${segment}]`;
        if (/^[A-Za-z_][\w-]{0,59}$/.test(segment))
            return index === 0 ? segment : `.${segment}`;
        return `[${(0,quote/* quote */.h)(segment)}]`;
    })
        .join('');
}

;// CONCATENATED MODULE: ./src/policy/document.ts




// Bigger than any real policy, small enough that parsing hostile input stays quick.
const MAX_POLICY_BYTES = 1024 * 1024;
// Aliases are legitimate for sharing a list; yaml counts expansions weighted by size, so a
// billion-laughs document trips this long before it costs memory.
const MAX_ALIAS_COUNT = 100;
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((tag) => `tag:yaml.org,2002:${tag}`));
/** Parses one YAML document with positions; syntax problems and hostile input become UserErrors. */
function readYaml(text, source) {
    if (Buffer.byteLength(text) > MAX_POLICY_BYTES)
        throw new errors.UserError(`${source}: the policy file is larger than 1 MiB`);
    const lineCounter = new dist/* LineCounter */.HN();
    // The core schema even under a %YAML 1.1 directive: there `off` would be false and dates timestamps.
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter, prettyErrors: false, schema: 'core', uniqueKeys: true });
    const at = (offset) => {
        const { line, col } = lineCounter.linePos(offset);
        return `${source}:${line}:${col}`;
    };
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem !== undefined)
        throw policyError(at(problem.pos[0]), [], yamlProblem(problem, doc));
    checkNodes(doc, at);
    const locate = (path, part) => nodeOffset(doc, path, part);
    const position = (path, part = 'value') => at(locate(path, part));
    const line = (path) => {
        const { line: number } = lineCounter.linePos(locate(path, 'value'));
        return `${source}:${number}`;
    };
    const contents = doc.contents;
    if (contents === null || ((0,dist/* isScalar */.jn)(contents) && contents.value === null))
        return { value: undefined, position, line };
    return { value: toPlainValue(doc, at), position, line };
}
function yamlProblem(problem, doc) {
    switch (problem.code) {
        case 'DUPLICATE_KEY':
            return `duplicate key ${(0,quote/* quote */.h)(keyAt(doc, problem.pos[0]))} (a key may appear once per mapping)`;
        case 'MULTIPLE_DOCS':
            return 'expected one YAML document, found more (remove the extra ---)';
        default: {
            // yaml may append "at line L, column C:" and an excerpt: the position is already in front.
            const firstLine = problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
            return `invalid YAML: ${firstLine}`;
        }
    }
}
function keyAt(doc, offset) {
    let text = '';
    (0,dist/* visit */.YR)(doc, {
        Pair(_, pair) {
            if ((0,dist/* isScalar */.jn)(pair.key) && pair.key.range?.[0] === offset) {
                text = keyText(pair.key);
                return dist/* visit */.YR.BREAK;
            }
        },
    });
    return text;
}
/** Keys must be plain scalars and values plain data: no `? [a, b]` keys, no `!!set` or `!!binary`. */
function checkNodes(doc, at) {
    (0,dist/* visit */.YR)(doc, {
        Pair(_, pair) {
            const key = pair.key;
            if ((0,dist/* isCollection */.P3)(key) || (0,dist/* isAlias */.Vj)(key)) {
                const offset = key.range?.[0] ?? 0;
                throw policyError(at(offset), [], 'a key must be a plain string, not a list, mapping or alias');
            }
        },
        Node(_, node) {
            if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
                const tag = node.tag.replace('tag:yaml.org,2002:', '!!');
                throw policyError(at(node.range?.[0] ?? 0), [], `the YAML tag ${tag} is not supported in a policy`);
            }
        },
    });
}
function toPlainValue(doc, at) {
    try {
        return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    }
    catch (error) {
        // yaml reports alias trouble (too many expansions, an alias before its anchor) as ReferenceError.
        if (!(error instanceof ReferenceError))
            throw error;
        let offset = 0;
        (0,dist/* visit */.YR)(doc, {
            Alias(_, alias) {
                offset = alias.range?.[0] ?? 0;
                return dist/* visit */.YR.BREAK;
            },
        });
        const reason = /Excessive alias count/.test(error.message)
            ? `too many alias expansions (more than ${MAX_ALIAS_COUNT}): the document looks like an alias bomb`
            : `invalid YAML: ${error.message}`;
        throw policyError(at(offset), [], reason);
    }
}
function keyText(key) {
    if ((0,dist/* isScalar */.jn)(key))
        return key.value === null ? '' : String(key.value);
    return String(key);
}
/** Offset of the node at `path`; stops at the deepest node that exists (so a missing key points at its mapping). */
function nodeOffset(doc, path, part) {
    let node = doc.contents;
    let keyNode;
    for (const segment of path) {
        if ((0,dist/* isAlias */.Vj)(node))
            node = node.resolve(doc);
        if ((0,dist/* isMap */.jh)(node)) {
            const pair = node.items.find((item) => keyText(item.key) === String(segment));
            if (pair === undefined)
                break;
            keyNode = (0,dist/* isScalar */.jn)(pair.key) ? pair.key : undefined;
            node = pair.value;
        }
        else if ((0,dist/* isSeq */.oP)(node) && typeof segment === 'number' && segment < node.items.length) {
            keyNode = undefined;
            node = node.items[segment];
        }
        else {
            break;
        }
    }
    const valueRange = node?.range;
    // An empty value (`reason:`) has a zero-length range after the colon: its key reads better.
    const emptyValue = valueRange === undefined || valueRange === null || valueRange[0] === valueRange[1];
    if (keyNode?.range && (part === 'key' || emptyValue))
        return keyNode.range[0];
    return valueRange?.[0] ?? 0;
}

// EXTERNAL MODULE: ./src/common/glob.ts
var common_glob = __webpack_require__(8807);
// EXTERNAL MODULE: ./src/common/sizes.ts
var sizes = __webpack_require__(4875);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/policy/required-paths.ts


/** The largest uid or gid Linux has (32 bits; 2^32-1 itself means "no change" to chown). */
const MAX_ID = 0xfffffffe;
/** `/app/` is `/app`; `/` stays. */
function withoutSlash(path) {
    return path.length > 1 ? path.replace(/\/+$/, '') : path;
}
/**
 * A required path as the check compares it: the path normalised, the mode as a number, the owner
 * as uid and gid. The schema has checked the shape (absolute path, octal digits, `uid[:gid]`).
 */
function requiredPath(entry, path, fail) {
    const normal = withoutSlash(external_node_path_.posix.normalize(entry.path));
    if (normal !== withoutSlash(entry.path)) {
        fail([...path, 'path'], `${(0,quote/* quote */.h)(entry.path)} is not a plain absolute path; write it as ${(0,quote/* quote */.h)(normal)}`);
    }
    const ids = entry.owner === undefined ? [] : String(entry.owner).split(':').map(Number);
    if (ids.some((id) => id > MAX_ID))
        fail([...path, 'owner'], `${(0,quote/* quote */.h)(String(entry.owner))} is out of range: a uid or gid is at most ${MAX_ID}`);
    const [uid, gid] = ids;
    return {
        path: normal,
        ...(entry.type === undefined ? {} : { type: entry.type }),
        ...(entry.mode === undefined ? {} : { mode: Number.parseInt(entry.mode.replace(/^0o/, ''), 8) }),
        ...(uid === undefined ? {} : { uid }),
        ...(gid === undefined ? {} : { gid }),
    };
}

;// CONCATENATED MODULE: ./src/policy/options.ts





/**
 * One option value as the rule receives it. The schema has checked its shape already; this
 * checks what the schema cannot (size arithmetic, globs, regular expressions) and converts.
 */
function convertOption(kind, raw, path, fail) {
    switch (kind) {
        case 'names':
            return [...raw];
        case 'globs':
        case 'pathGlobs':
            return raw.map((glob, index) => {
                const problem = (0,common_glob/* globProblem */.A)(glob);
                return problem === undefined ? glob : fail([...path, index], `${(0,quote/* quote */.h)(glob)} is not a valid glob: ${problem}`);
            });
        case 'size':
            try {
                return (0,sizes/* parseSize */.DB)(raw);
            }
            catch (error) {
                return fail(path, (0,errors.messageOf)(error));
            }
        case 'count':
            return Number.isSafeInteger(raw) ? raw : fail(path, `${String(raw)} is too large`);
        case 'percent':
            return Number.isFinite(raw) ? raw : fail(path, `expected a percentage, got ${String(raw)}`);
        case 'flag':
            return raw;
        case 'requiredPaths':
            return raw.map((entry, index) => requiredPath(entry, [...path, index], fail));
        case 'labels':
            return Object.fromEntries(Object.entries(raw).map(([name, pattern]) => {
                const source = pattern ?? '';
                try {
                    new RegExp(source);
                }
                catch (error) {
                    fail([...path, name], `${(0,quote/* quote */.h)(source)} is not a valid regular expression: ${(0,errors.messageOf)(error)}`);
                }
                return [name, source];
            }));
    }
}

// EXTERNAL MODULE: ./src/policy/presets.ts
var presets = __webpack_require__(4490);
// EXTERNAL MODULE: ./src/policy/resolve.ts
var resolve = __webpack_require__(5606);
// EXTERNAL MODULE: ./node_modules/ajv/dist/ajv.js
var dist_ajv = __webpack_require__(2463);
;// CONCATENATED MODULE: ./docs/policy.schema.json
const policy_schema_namespaceObject = /*#__PURE__*/JSON.parse('{"$schema":"http://json-schema.org/draft-07/schema#","title":"distroless-guard policy","description":"Policy for distroless-guard, usually .github/distroless.yml. Reference: docs/policy.md.","type":"object","errorMessage":"expected a mapping with keys such as extends, fail-on, rules, images, exceptions","additionalProperties":false,"properties":{"extends":{"description":"The built-in preset the rules start from: recommended (default), strict, or none (every rule off).","enum":["recommended","strict","none"],"default":"recommended"},"fail-on":{"$ref":"#/definitions/failOn"},"rules":{"$ref":"#/definitions/rules"},"images":{"description":"Overrides for images whose name or reference matches the glob key (picomatch syntax); every matching entry applies, in file order.","type":["object","null"],"propertyNames":{"minLength":1},"additionalProperties":{"$ref":"#/definitions/imageOverride"}},"exceptions":{"description":"Waivers for known findings, each with a reason.","type":["array","null"],"items":{"$ref":"#/definitions/exception"}}},"definitions":{"level":{"enum":["off","warning","error"],"description":"off: not checked; warning: reported, fails only with fail-on: warning; error: reported and fails the check."},"failOn":{"enum":["error","warning","never","new-error","new-warning"],"description":"The lowest level of finding that fails the check; never reports without failing; new-error and new-warning fail only on findings the baseline does not have (the plain level without a baseline). The action input fail-on overrides it."},"rule:no-shell":{"description":"No shell in the image (sh, bash, ash, dash, busybox and the like). Recommended: error; strict: error. Either a level, or a mapping with level and options.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level and options","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"},"shells":{"$ref":"#/definitions/names","description":"Extra shell names to look for, besides the built-in list."}}}},"rule:no-package-manager":{"description":"No package manager in the image: OS ones (apt, dpkg, apk, rpm, dnf and the like) and language ones (pip, npm, npx, yarn, pnpm, corepack, gem, bundle, composer). Recommended: error; strict: error. Either a level, or a mapping with level and options.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level and options","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"},"managers":{"$ref":"#/definitions/names","description":"Extra package manager names to look for, besides the built-in lists."}}}},"rule:non-root-user":{"description":"The image runs as a user other than root. Recommended: error; strict: error. Either a level, or a mapping with level and options.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level and options","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"},"numeric":{"$ref":"#/definitions/flag","description":"Also report a USER given as a name (USER nonroot): Kubernetes runAsNonRoot refuses to start a container whose user it cannot verify as a number. Default false."}}}},"rule:exec-form-entrypoint":{"description":"ENTRYPOINT and CMD are in exec form (a JSON list), not shell form. Recommended: error; strict: error. Either a level, or a mapping with level.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"}}}},"rule:entrypoint-runnable":{"description":"The entry point exists in the image and can run: its interpreter and shared libraries are present. Recommended: error; strict: error. Either a level, or a mapping with level.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"}}}},"rule:no-setuid":{"description":"No setuid or setgid files. Recommended: warning; strict: error. Either a level, or a mapping with level.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"}}}},"rule:no-secrets-in-env":{"description":"No secret-looking variables (tokens, passwords, keys) in the image environment. Recommended: error; strict: error. Either a level, or a mapping with level and options.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level and options","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"},"names":{"$ref":"#/definitions/globs","description":"Extra variable name globs to treat as secrets."},"allow":{"$ref":"#/definitions/globs","description":"Variable name globs never reported, such as NEXT_PUBLIC_*."}}}},"rule:no-secret-files":{"description":"No secrets in files of any layer, removed ones included. Recommended: error; strict: error. Either a level, or a mapping with level.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"}}}},"rule:no-world-writable":{"description":"No world-writable files or directories. Recommended: off; strict: warning. Either a level, or a mapping with level.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"}}}},"rule:forbidden-paths":{"description":"None of the listed paths exist in the image. Recommended: off; strict: error. Either a level, or a mapping with level and options.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level and options","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"},"paths":{"$ref":"#/definitions/pathGlobs","description":"Path globs; default: curl, wget, nc, ncat, netcat, ssh, scp, telnet, sudo, su, doas under any bin/ directory (**/bin/curl and so on)."}}}},"rule:max-size":{"description":"The image is no bigger than the limits given. Recommended: off; strict: off. Either a level, or a mapping with level and options.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level and options","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"},"compressed":{"$ref":"#/definitions/optionalSize","description":"Limit on the compressed size (the sum of compressed layers, what a pull downloads)."},"uncompressed":{"$ref":"#/definitions/optionalSize","description":"Limit on the uncompressed size (the sum of uncompressed layers)."}}}},"rule:max-layers":{"description":"The image has no more layers than max. Recommended: off; strict: off. Either a level, or a mapping with level and options.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level and options","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"},"max":{"$ref":"#/definitions/optionalCount","description":"Largest number of layers allowed."}}}},"rule:wasted-space":{"description":"Bytes of files overwritten or deleted by later layers stay within max. Recommended: warning; strict: error. Either a level, or a mapping with level and options.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level and options","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"},"max":{"$ref":"#/definitions/size","description":"Largest waste allowed; recommended: 10MB, strict: 1MB."}}}},"rule:size-increase":{"description":"The image grows by no more than the limits given, compared with the baseline report. Recommended: warning; strict: error. Either a level, or a mapping with level and options.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level and options","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"},"bytes":{"$ref":"#/definitions/optionalSize","description":"Largest growth allowed, as a size."},"percent":{"$ref":"#/definitions/optionalPercent","description":"Largest growth allowed, in percent of the baseline size; recommended: 10, strict: 5."}}}},"rule:allowed-base-images":{"description":"The base image matches one of the globs. Recommended: off; strict: off. Either a level, or a mapping with level and options.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level and options","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"},"images":{"$ref":"#/definitions/globs","description":"Image name globs, such as gcr.io/distroless/** or cgr.dev/chainguard/*."}}}},"rule:required-labels":{"description":"The image config carries these labels. Recommended: off; strict: off. Either a level, or a mapping with level and options.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level and options","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"},"labels":{"$ref":"#/definitions/labels"}}}},"rule:no-build-leftovers":{"description":"No .git directories, package-manager state or caches (apt lists and archives, apk, pip, npm, yarn, pnpm, go-build, Maven, Gradle, Composer). Recommended: warning; strict: error. Either a level, or a mapping with level.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"}}}},"size":{"description":"A size: a whole number of bytes, or a number with a unit: 80MB, 1.5GiB, 512 KiB (KB, MB, GB, TB are powers of 1000; KiB, MiB, GiB, TiB powers of 1024).","type":["integer","string"],"minimum":0,"pattern":"^([0-9]+(?:\\\\.[0-9]+)?) ?(?:([kKmMgGtT])([iI])?)?[bB]?$","errorMessage":"expected a size such as 80MB or 1.5GiB, or a whole number of bytes","patternErrorMessage":"is not a size (examples: 80MB, 1.5GiB)"},"optionalSize":{"description":"A size (see size), or null to remove a limit set by the preset or the top-level rules.","type":["integer","string","null"],"minimum":0,"pattern":"^([0-9]+(?:\\\\.[0-9]+)?) ?(?:([kKmMgGtT])([iI])?)?[bB]?$","errorMessage":"expected a size such as 80MB or 1.5GiB, or a whole number of bytes","patternErrorMessage":"is not a size (examples: 80MB, 1.5GiB)"},"optionalCount":{"description":"A whole number of at least 1, or null to remove it.","type":["integer","null"],"minimum":1},"optionalPercent":{"description":"A percentage (10 means 10%), or null to remove it.","type":["number","null"],"minimum":0},"flag":{"description":"true or false.","type":"boolean"},"names":{"description":"A list of names.","type":"array","items":{"type":"string","minLength":1}},"globs":{"description":"A list of globs (picomatch syntax: *, **, ?, [abc], {a,b}).","type":"array","items":{"type":"string","minLength":1}},"pathGlobs":{"description":"A list of globs for absolute paths in the image: /usr/bin/curl, **/bin/curl, /etc/**/*.pem.","type":"array","items":{"$ref":"#/definitions/pathGlob"}},"pathGlob":{"type":"string","pattern":"^(/|\\\\*\\\\*)","patternErrorMessage":"does not start with / or ** (paths in images are absolute)"},"labels":{"description":"Label names mapped to a regular expression their value must match (JavaScript syntax, unanchored: use ^ and $ for a whole-value match); an empty string or null only requires the label to be present.","type":"object","propertyNames":{"minLength":1},"additionalProperties":{"type":["string","null"]}},"rules":{"description":"Rule levels and options, on top of the preset named by extends. Each rule is a level (off, warning, error) or a mapping with level and the rule\'s options; options you leave out keep their inherited values.","type":["object","null"],"additionalProperties":false,"properties":{"no-shell":{"$ref":"#/definitions/rule:no-shell"},"no-package-manager":{"$ref":"#/definitions/rule:no-package-manager"},"non-root-user":{"$ref":"#/definitions/rule:non-root-user"},"exec-form-entrypoint":{"$ref":"#/definitions/rule:exec-form-entrypoint"},"entrypoint-runnable":{"$ref":"#/definitions/rule:entrypoint-runnable"},"no-setuid":{"$ref":"#/definitions/rule:no-setuid"},"no-secrets-in-env":{"$ref":"#/definitions/rule:no-secrets-in-env"},"no-secret-files":{"$ref":"#/definitions/rule:no-secret-files"},"no-secrets-in-history":{"$ref":"#/definitions/rule:no-secrets-in-history"},"no-world-writable":{"$ref":"#/definitions/rule:no-world-writable"},"forbidden-paths":{"$ref":"#/definitions/rule:forbidden-paths"},"max-size":{"$ref":"#/definitions/rule:max-size"},"max-layers":{"$ref":"#/definitions/rule:max-layers"},"wasted-space":{"$ref":"#/definitions/rule:wasted-space"},"size-increase":{"$ref":"#/definitions/rule:size-increase"},"allowed-base-images":{"$ref":"#/definitions/rule:allowed-base-images"},"required-labels":{"$ref":"#/definitions/rule:required-labels"},"no-build-leftovers":{"$ref":"#/definitions/rule:no-build-leftovers"},"ca-certificates":{"$ref":"#/definitions/rule:ca-certificates"},"no-build-tools":{"$ref":"#/definitions/rule:no-build-tools"},"required-paths":{"$ref":"#/definitions/rule:required-paths"}}},"imageOverride":{"description":"Settings for the images this glob matches, on top of the top-level ones.","type":["object","null"],"additionalProperties":false,"properties":{"fail-on":{"$ref":"#/definitions/failOn"},"rules":{"$ref":"#/definitions/rules"}}},"exception":{"description":"A waiver: findings of rule (at path, in image, when given) are not reported until the date passes.","type":"object","required":["rule","reason"],"additionalProperties":false,"properties":{"rule":{"description":"The rule id the waiver applies to.","enum":["no-shell","no-package-manager","non-root-user","exec-form-entrypoint","entrypoint-runnable","no-setuid","no-secrets-in-env","no-secret-files","no-secrets-in-history","no-world-writable","forbidden-paths","max-size","max-layers","wasted-space","size-increase","allowed-base-images","required-labels","no-build-leftovers","ca-certificates","no-build-tools","required-paths"]},"path":{"description":"Only findings at paths matching this glob.","$ref":"#/definitions/pathGlob"},"image":{"description":"Only findings in images whose name matches this glob.","type":"string","minLength":1},"fingerprint":{"description":"Only the secret with this fingerprint, as its finding prints it (no-secret-files).","type":"string","minLength":1},"reason":{"description":"Why the waiver is needed; shown next to waived findings.","type":"string","pattern":"\\\\S","patternErrorMessage":"is blank: say why the exception is needed"},"until":{"description":"Last day (UTC) the waiver applies, as YYYY-MM-DD; afterwards the finding is reported again.","type":"string","pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}$","patternErrorMessage":"is not a date in the form YYYY-MM-DD"}}},"rule:ca-certificates":{"description":"A CA bundle is in the image when the entry point is a Go program or links OpenSSL, GnuTLS or NSS. Recommended: warning; strict: warning. Either a level, or a mapping with level.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"}}}},"rule:no-build-tools":{"description":"No build tools in the image: C/C++ compilers (gcc, cc, c++, g++, clang and their versioned names), make, cmake, git, the Go and Rust toolchains (go, cargo, rustc), javac, mvn, gradle. Recommended: error; strict: error. Either a level, or a mapping with level and options.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level and options","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"},"tools":{"$ref":"#/definitions/names","description":"Extra build tool names to look for, besides the built-in list."}}}},"rule:required-paths":{"description":"These paths exist in the image, with the type, mode and owner given. Recommended: off; strict: off. Either a level, or a mapping with level and options.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level and options","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"},"paths":{"$ref":"#/definitions/requiredPaths","description":"The paths that must exist, each with what it must be."}}}},"requiredPaths":{"description":"A list of paths that must exist in the image, each a mapping: path (absolute), and optionally type (file, dir or symlink), mode (octal digits in quotes, \\"0755\\") and owner (uid or uid:gid, \\"65532:65532\\").","type":"array","items":{"$ref":"#/definitions/requiredPath"}},"requiredPath":{"description":"A path that must exist, and what it must be.","type":"object","errorMessage":"expected a mapping with path, and optionally type, mode and owner","required":["path"],"additionalProperties":false,"properties":{"path":{"description":"The absolute path in the image (no globs); symlinks on the way are followed, as the container would.","type":"string","pattern":"^/","patternErrorMessage":"is not an absolute path (paths in images start with /)"},"type":{"description":"file (a regular file, or a hard link to one), dir, or symlink (the path itself is a symlink; without it, a symlink at the path is followed).","enum":["file","dir","symlink"]},"mode":{"description":"Permission bits as octal digits in quotes: \\"0755\\", \\"0o755\\", \\"4755\\" (YAML reads an unquoted 0755 as the number 755).","type":"string","errorMessage":"expected octal digits in quotes such as \\"0755\\" (YAML reads an unquoted 0755 as the number 755)","pattern":"^(0o?)?[0-7]{3,4}$","patternErrorMessage":"is not a mode (octal digits such as \\"0755\\" or \\"0o755\\")"},"owner":{"description":"The owner as numbers: a uid (65532) or uid:gid (\\"65532:65532\\").","type":["integer","string"],"minimum":0,"errorMessage":"expected a uid or uid:gid such as 65532:65532","pattern":"^[0-9]+(:[0-9]+)?$","patternErrorMessage":"is not a uid or uid:gid (numbers, such as 65532:65532)"}}},"rule:no-secrets-in-history":{"description":"No secrets in build arguments or commands recorded in history, in ENV values changed later, in labels or in annotations. Recommended: error; strict: error. Either a level, or a mapping with level and options.","type":["string","object"],"errorMessage":"expected a level (off, warning, error) or a mapping with level and options","if":{"type":"string"},"then":{"$ref":"#/definitions/level"},"else":{"type":"object","required":["level"],"additionalProperties":false,"properties":{"level":{"$ref":"#/definitions/level"},"allow":{"$ref":"#/definitions/globs","description":"Build argument, variable, label and annotation name globs never reported."}}}}}}');
// EXTERNAL MODULE: ./src/policy/types.ts
var types = __webpack_require__(3943);
;// CONCATENATED MODULE: ./src/policy/schema.ts




let validator;
function validate(value) {
    if (validator === undefined) {
        const ajv = new dist_ajv.Ajv({ verbose: true, allowUnionTypes: true, strict: true });
        // Messages editors (yaml-language-server) show; the loader shows them too.
        ajv.addVocabulary(['errorMessage', 'patternErrorMessage']);
        validator = ajv.compile(policy_schema_namespaceObject);
    }
    return validator(value) ? [] : (validator.errors ?? []);
}
/** Checks a policy value against the schema; undefined when it conforms. */
function schemaProblem(value) {
    const errors = validate(value);
    if (errors.length === 0)
        return undefined;
    // ajv stops at the first failing keyword and lists the innermost error first
    // (an if/then/else or propertyNames failure follows the error that caused it).
    const [error, next] = errors;
    const path = pointerToPath(error.instancePath, value);
    if (next?.keyword === 'propertyNames' && next.instancePath === error.instancePath) {
        const name = String(next.params.propertyName);
        return { path: [...path, name], part: 'key', message: 'a key must not be empty' };
    }
    return explain(error, path);
}
function explain(error, path) {
    const parent = error.parentSchema;
    const at = (message, part = 'value') => ({ path, part, message });
    switch (error.keyword) {
        case 'additionalProperties': {
            const key = String(error.params.additionalProperty);
            return { path: [...path, key], part: 'key', message: unknownKey(key, path, Object.keys(parent?.properties ?? {})) };
        }
        case 'required': {
            const missing = String(error.params.missingProperty);
            return at(`missing ${missing}${MISSING_HINTS[missing] ?? ''}`);
        }
        case 'enum': {
            const allowed = error.params.allowedValues.map(String);
            const isRuleId = allowed.length === types/* RULE_IDS */.Iu.length && allowed.every((id, index) => id === types/* RULE_IDS */.Iu[index]);
            if (isRuleId)
                return at(`unknown rule ${(0,quote/* quote */.h)(error.data)}${suggestion(error.data, allowed, `expected one of ${allowed.join(', ')}`)}`);
            return at(`expected one of ${allowed.join(', ')}${suggestion(error.data, allowed)}`);
        }
        case 'type': {
            const expected = parent?.errorMessage ?? `expected ${typeNames(error.params.type)}`;
            return at(`${expected}, got ${describe(error.data)}`);
        }
        case 'pattern':
            return at(`${(0,quote/* quote */.h)(error.data)} ${parent?.patternErrorMessage ?? `does not match ${String(error.schema)}`}`);
        case 'minLength':
            return at('must not be empty');
        default:
            return at(parent?.errorMessage ?? error.message ?? 'is not valid');
    }
}
const MISSING_HINTS = {
    level: ' (off, warning or error)',
    rule: ' (the id of the rule to waive)',
    reason: ' (why the exception is needed)',
};
/** An unknown rule, rule option or key, with the nearest known name when one is close. */
function unknownKey(key, parentPath, known) {
    if (isRulesMap(parentPath))
        return `unknown rule${suggestion(key, known, `expected one of ${known.join(', ')}`)}`;
    if (isRulesMap(parentPath.slice(0, -1))) {
        const rule = String(parentPath[parentPath.length - 1]);
        const options = known.filter((name) => name !== 'level');
        if (options.length === 0)
            return `unknown option: ${rule} takes no options, only level`;
        return `unknown option of ${rule}${suggestion(key, known, `expected ${known.join(', ')}`)}`;
    }
    return `unknown key${suggestion(key, known, `expected ${known.join(', ')}`)}`;
}
/** `rules` at the top or inside an `images` entry. */
function isRulesMap(path) {
    if (path.length === 1)
        return path[0] === 'rules';
    return path.length === 3 && path[0] === 'images' && path[2] === 'rules';
}
/** `; did you mean X?` when a candidate is a few edits away, else `; <fallback>` (or nothing). */
function suggestion(word, candidates, fallback) {
    const nearest = typeof word === 'string' ? closest(word, candidates) : undefined;
    if (nearest !== undefined)
        return `; did you mean ${nearest}?`;
    return fallback === undefined ? '' : `; ${fallback}`;
}
/** The candidate nearest to `word` by edit distance, when near enough to be a typo of it. */
function closest(word, candidates) {
    let best;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    if (best === undefined)
        return undefined;
    return bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}
/** Levenshtein distance with adjacent transpositions counted as one edit. */
function editDistance(a, b) {
    const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++)
        rows[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
        }
    }
    return rows[a.length][b.length];
}
const TYPE_NAMES = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
};
function typeNames(type) {
    const types = (Array.isArray(type) ? type : [type]).filter((name) => name !== 'null');
    return types.map((name) => TYPE_NAMES[name] ?? name).join(' or ');
}
function describe(data) {
    if (data === null || data === undefined)
        return 'nothing';
    if (Array.isArray(data))
        return 'a list';
    if (typeof data === 'object')
        return 'a mapping';
    if (typeof data === 'boolean')
        return String(data);
    if (typeof data === 'number')
        return `the number ${data}`;
    return `the string ${(0,quote/* quote */.h)(data)}`;
}
/** A JSON pointer from ajv as path segments; list indices become numbers. */
function pointerToPath(pointer, root) {
    if (pointer === '')
        return [];
    const path = [];
    let data = root;
    for (const raw of pointer.slice(1).split('/')) {
        const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
        const segment = Array.isArray(data) ? Number(key) : key;
        path.push(segment);
        data = data !== null && typeof data === 'object' ? data[key] : undefined;
    }
    return path;
}

// EXTERNAL MODULE: ./src/rules/index.ts + 26 modules
var src_rules = __webpack_require__(1932);
;// CONCATENATED MODULE: ./src/policy/load.ts












/** Reads and parses a policy file; every problem is a UserError naming `file:line:column`. */
async function loadPolicy(path, options = {}) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        throw new errors.UserError(`${path}: cannot read the policy file: ${(0,errors.messageOf)(error)}`);
    }
    return parsePolicy(text, path, options);
}
/** Parses policy YAML; `source` names the file in messages. An empty document means the defaults. */
function parsePolicy(text, source, options = {}) {
    const yaml = readYaml(text, source);
    if (yaml.value === undefined)
        return { ...(0,presets/* builtinPolicy */.Kp)('recommended'), source };
    const problem = schemaProblem(yaml.value);
    if (problem !== undefined)
        throw policyError(yaml.position(problem.path, problem.part), problem.path, problem.message);
    // The schema has just admitted the value.
    const file = yaml.value;
    const fail = failAt(yaml);
    const preset = file.extends ?? 'recommended';
    const topOverrides = readRules(file.rules, ['rules'], fail);
    const rules = (0,resolve/* applyOverrides */.iu)((0,presets/* presetRules */.RK)(preset), topOverrides);
    checkLimits(rules, topOverrides, ['rules'], fail);
    const images = [];
    for (const [glob, entry] of Object.entries(file.images ?? {})) {
        const path = ['images', glob];
        const problem = (0,common_glob/* globProblem */.A)(glob);
        if (problem !== undefined)
            fail(path, `${(0,quote/* quote */.h)(glob)} is not a valid glob: ${problem}`, 'key');
        const overrides = readRules(entry?.rules, [...path, 'rules'], fail);
        checkLimits((0,resolve/* applyOverrides */.iu)(rules, overrides), overrides, [...path, 'rules'], fail);
        const failOn = entry?.['fail-on'];
        images.push(failOn === undefined ? { glob, rules: overrides } : { glob, failOn, rules: overrides });
    }
    const today = options.today ?? new Date();
    const exceptions = [];
    const expiredExceptions = [];
    for (const [index, entry] of (file.exceptions ?? []).entries()) {
        const exception = readException(entry, ['exceptions', index], yaml, fail);
        ((0,resolve/* isExpired */._d)(exception.until, today) ? expiredExceptions : exceptions).push(exception);
    }
    return { source, extends: preset, failOn: file['fail-on'] ?? presets/* DEFAULT_FAIL_ON */.VQ, rules, images, exceptions, expiredExceptions };
}
function failAt(yaml) {
    return (path, message, part = 'value') => {
        throw policyError(yaml.position(path, part), path, message);
    };
}
function readRules(rules, path, fail) {
    const overrides = {};
    for (const id of types/* RULE_IDS */.Iu) {
        const entry = rules?.[id];
        if (entry !== undefined)
            overrides[id] = readRule(id, entry, [...path, id], fail);
    }
    // readRule builds each rule's options from the rule's own option specs, which type them.
    return overrides;
}
function readRule(id, entry, path, fail) {
    if (typeof entry === 'string')
        return { level: entry, options: {} };
    const specs = src_rules/* RULES */.y0[id].options;
    const options = {};
    for (const [key, raw] of Object.entries(entry)) {
        const spec = specs[key];
        if (spec === undefined)
            continue; // `level`: the schema admits no other key
        options[key] = raw === null ? null : convertOption(spec.kind, raw, [...path, key], fail);
    }
    return { level: entry.level, options };
}
/** Rules turned on by these overrides must have something to check against. */
function checkLimits(rules, overrides, path, fail) {
    for (const rule of src_rules/* RULE_LIST */.OY) {
        const setting = rules[rule.id];
        if (overrides[rule.id] === undefined || setting.level === 'off')
            continue;
        const missing = rule.missingOption?.(setting.options);
        if (missing !== undefined)
            fail([...path, rule.id], `turned on without ${missing}`);
    }
}
function readException(entry, path, yaml, fail) {
    for (const key of ['path', 'image']) {
        const glob = entry[key];
        const problem = glob === undefined ? undefined : (0,common_glob/* globProblem */.A)(glob);
        if (problem !== undefined)
            fail([...path, key], `${(0,quote/* quote */.h)(glob)} is not a valid glob: ${problem}`);
    }
    if (entry.until !== undefined && !isCalendarDate(entry.until)) {
        fail([...path, 'until'], `${(0,quote/* quote */.h)(entry.until)} is not a date in the calendar`);
    }
    const { rule, path: pathGlob, image, fingerprint, reason, until } = entry;
    return {
        rule,
        ...(pathGlob === undefined ? {} : { path: pathGlob }),
        ...(image === undefined ? {} : { image }),
        ...(fingerprint === undefined ? {} : { fingerprint }),
        reason,
        ...(until === undefined ? {} : { until }),
        source: yaml.line(path),
    };
}
/** `2027-02-30` has the right shape (the schema checked it) but names no day. */
function isCalendarDate(text) {
    const [year, month, day] = text.split('-').map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}


/***/ })

};
