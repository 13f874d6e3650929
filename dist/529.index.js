export const id = 529;
export const ids = [529,558];
export const modules = {

/***/ 1558:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  parseJsonReport: () => (/* binding */ parseJsonReport)
});

// EXTERNAL MODULE: ./node_modules/ajv/dist/ajv.js
var dist_ajv = __webpack_require__(2463);
;// CONCATENATED MODULE: ./docs/report.schema.json
const report_schema_namespaceObject = /*#__PURE__*/JSON.parse('{"$schema":"http://json-schema.org/draft-07/schema#","title":"Top level","description":"The JSON report of distroless-guard, version 1 (the CLI\'s --format json, the action\'s report input). What it means and how it changes: docs/report-format.md. Every key the writer knows is always written (null when not known); keys that may be null may be missing when read back, and unknown keys are ignored, so reports of other releases of version 1 read.","type":"object","required":["version","passed","failOn","policy","notices","images"],"properties":{"version":{"description":"The format version.","const":1},"passed":{"description":"No image has a finding at or above `failOn`.","type":"boolean"},"failOn":{"description":"The level that fails the check: the action input or CLI option, else the policy\'s. `new-error` and `new-warning` fail only on findings the baseline does not have (`new`).","enum":["error","warning","never","new-error","new-warning"]},"policy":{"description":"The policy file, or `built-in <preset>`.","type":"string"},"notices":{"description":"One-line notes: expired exceptions, a Dockerfile that was not found, checks skipped.","type":"array","items":{"type":"string"}},"images":{"description":"One entry per image checked.","type":"array","items":{"$ref":"#/definitions/image"}}},"definitions":{"count":{"description":"A whole number, 0 or more: sizes in bytes, counts, indexes, lines.","type":"integer","minimum":0,"maximum":9007199254740991},"countOrNull":{"type":["integer","null"],"minimum":0,"maximum":9007199254740991},"stringOrNull":{"type":["string","null"]},"strings":{"type":"array","items":{"type":"string"}},"image":{"title":"Images","type":"object","required":["image","reference","platform","passed","errors","warnings","waived","size","findings","facts"],"properties":{"image":{"description":"The image\'s name: `NAME` of a `NAME=REF` input, else derived from the reference. Comments are keyed by it.","type":"string"},"reference":{"description":"The reference as given.","type":"string"},"platform":{"description":"`os/arch[/variant]`.","type":"string"},"digest":{"description":"Manifest or image id, when the source knows it.","$ref":"#/definitions/stringOrNull"},"passed":{"description":"No finding at or above `failOn` (no new one, under `new-error` or `new-warning` with a baseline).","type":"boolean"},"errors":{"description":"Findings at level `error` (after exceptions).","$ref":"#/definitions/count"},"warnings":{"description":"Findings at level `warning` (after exceptions).","$ref":"#/definitions/count"},"waived":{"description":"Findings dropped by policy exceptions.","$ref":"#/definitions/count"},"size":{"description":"The image\'s size, as the summary shows it.","type":"object","required":["uncompressed","layers"],"properties":{"compressed":{"description":"Compressed bytes; null when a layer\'s compressed size is unknown.","$ref":"#/definitions/countOrNull"},"uncompressed":{"description":"Uncompressed bytes.","$ref":"#/definitions/count"},"layers":{"description":"The number of layers.","$ref":"#/definitions/count"}}},"findings":{"description":"What the rules found.","type":"array","items":{"$ref":"#/definitions/finding"}},"facts":{"description":"What was read from the image.","$ref":"#/definitions/facts"},"baseline":{"description":"The comparison with the baseline, when one was given.","$ref":"#/definitions/baseline"},"failOn":{"description":"The fail-on that applied to this image (a policy\'s `images:` entry may set its own); null in reports of older releases, where the top-level `failOn` applied.","type":["string","null"],"enum":["error","warning","never","new-error","new-warning",null]}}},"finding":{"title":"Findings","type":"object","required":["rule","level","message"],"properties":{"rule":{"description":"The rule id ([rules.md](rules.md)).","enum":["no-shell","no-package-manager","non-root-user","exec-form-entrypoint","entrypoint-runnable","no-setuid","no-secrets-in-env","no-secret-files","no-secrets-in-history","no-world-writable","forbidden-paths","max-size","max-layers","wasted-space","size-increase","allowed-base-images","required-labels","no-build-leftovers","ca-certificates","no-build-tools","required-paths"]},"level":{"description":"How serious it is.","enum":["error","warning"]},"message":{"description":"One sentence; env values and secrets in it are redacted by the rule (a secret is named by kind and fingerprint).","type":"string"},"path":{"description":"The image path it concerns.","$ref":"#/definitions/stringOrNull"},"layer":{"description":"Index of the layer that introduced it (0 is the base layer).","$ref":"#/definitions/countOrNull"},"instruction":{"description":"The history `created_by` of that layer or setting. Secrets in it are replaced by `<redacted: KIND FINGERPRINT>`.","$ref":"#/definitions/stringOrNull"},"hint":{"description":"How to fix it.","$ref":"#/definitions/stringOrNull"},"fingerprint":{"description":"For a secret: its fingerprint (the first four characters of a value of 20 or more, its length and a sha256 prefix), never the value.","$ref":"#/definitions/stringOrNull"},"location":{"description":"The Dockerfile instruction behind it.","type":["object","null"],"required":["file","line","endLine","text"],"properties":{"file":{"description":"The Dockerfile, relative to the repository.","type":"string"},"line":{"description":"First line of the instruction (1-based).","$ref":"#/definitions/count"},"endLine":{"description":"Last line of the instruction (1-based).","$ref":"#/definitions/count"},"text":{"description":"The instruction as written. Secrets in it are replaced by `<redacted: KIND FINGERPRINT>`.","type":"string"}}},"new":{"description":"`true` when the baseline did not have this finding, `false` when it did, `null` without a baseline that carried findings. Findings match by `rule` and `subject` (the image by name), never by layer.","type":["boolean","null"]},"subject":{"description":"What it is about, normalized to match across runs: the path as the merged filesystem resolves it (`/bin/sh` reached through a symlink is `/usr/bin/dash`), a config key (`USER`, `CMD`, `ENV:NPM_TOKEN`), else the message with numbers blanked. null in reports of older releases (matched by `path` then).","$ref":"#/definitions/stringOrNull"}}},"facts":{"title":"Facts","description":"What the rules decided from. Lists are complete (not cut like the comment).","type":"object","required":["filesRead","user","users","groups","packages","shells","packageManagers","entrypoint","env","labels","setuid","worldWritable","sizes","layerCommands"],"properties":{"filesRead":{"description":"False when layers were not read (a size-only check): file facts are then empty.","type":"boolean"},"os":{"description":"The operating system, from os-release.","type":["object","null"],"required":["source"],"properties":{"id":{"description":"`ID`.","$ref":"#/definitions/stringOrNull"},"versionId":{"description":"`VERSION_ID`.","$ref":"#/definitions/stringOrNull"},"prettyName":{"description":"`PRETTY_NAME`.","$ref":"#/definitions/stringOrNull"},"source":{"description":"The os-release file read.","type":"string"}}},"user":{"description":"The runtime user.","type":"object","required":["configured","resolved"],"properties":{"configured":{"description":"`User` as set; `\\"\\"` is root.","type":"string"},"uid":{"description":"null when a name does not resolve.","$ref":"#/definitions/countOrNull"},"gid":{"description":"null when a name does not resolve.","$ref":"#/definitions/countOrNull"},"resolved":{"description":"Whether the user was found in the image.","type":"boolean"}}},"users":{"description":"`/etc/passwd`.","type":"array","items":{"type":"object","required":["name","uid","gid","home","shell"],"properties":{"name":{"description":"The user name.","type":"string"},"uid":{"description":"Its uid.","$ref":"#/definitions/count"},"gid":{"description":"Its primary gid.","$ref":"#/definitions/count"},"home":{"description":"Its home directory.","type":"string"},"shell":{"description":"Its login shell.","type":"string"}}}},"groups":{"description":"`/etc/group`.","type":"array","items":{"type":"object","required":["name","gid"],"properties":{"name":{"description":"The group name.","type":"string"},"gid":{"description":"Its gid.","$ref":"#/definitions/count"}}}},"packages":{"description":"Package databases.","type":"array","items":{"type":"object","required":["manager","source","count","names"],"properties":{"manager":{"description":"The package manager whose database it is.","enum":["dpkg","apk"]},"source":{"description":"The database file read.","type":"string"},"count":{"description":"Packages installed.","$ref":"#/definitions/count"},"names":{"description":"Their names.","$ref":"#/definitions/strings"}}}},"shells":{"description":"Shells found.","type":"array","items":{"$ref":"#/definitions/binary"}},"packageManagers":{"description":"Package managers found: OS ones (apt, apk, rpm) and language ones (pip, npm, gem, composer).","type":"array","items":{"$ref":"#/definitions/binary"}},"buildTools":{"description":"Build tools found: compilers, make, git, the Go and Rust toolchains. Absent from reports written before version 1 had it.","type":"array","items":{"$ref":"#/definitions/binary"}},"entrypoint":{"description":"What the image runs.","type":"object","required":["entrypoint","cmd","argv","entrypointShellForm","cmdShellForm","healthcheckShellForm"],"properties":{"entrypoint":{"description":"`Entrypoint` of the config.","$ref":"#/definitions/strings"},"cmd":{"description":"`Cmd` of the config.","$ref":"#/definitions/strings"},"argv":{"description":"What the runtime runs: `entrypoint` followed by `cmd`.","$ref":"#/definitions/strings"},"entrypointShellForm":{"description":"`Entrypoint` is a shell running a command string (`[\\"/bin/sh\\", \\"-c\\", …]`).","type":"boolean"},"cmdShellForm":{"description":"The same for `Cmd`.","type":"boolean"},"healthcheckShellForm":{"description":"The same for the health check.","type":"boolean"},"program":{"description":"What `argv[0]` is; null when there is nothing to run.","$ref":"#/definitions/program"}}},"env":{"description":"`Env`, in config order. **Values are redacted** (`null`) except for harmless names: `PATH`, `HOME`, `LANG`, `LANGUAGE`, `LC_*`, `TZ`, `TERM`, `USER`, `SHELL`, `HOSTNAME`, `LD_LIBRARY_PATH`, `SSL_CERT_FILE`, `SSL_CERT_DIR`, `JAVA_HOME`, `JAVA_VERSION`, `NODE_ENV`, `NODE_VERSION`, `YARN_VERSION`, `PYTHON_VERSION`, `PYTHONPATH`, `PYTHONUNBUFFERED`, `PYTHONDONTWRITEBYTECODE`, `GOLANG_VERSION`, `GOPATH`, `DEBIAN_FRONTEND`, and those too when the value holds a token. Reading a report back gives redacted values as `[redacted]`.","type":"array","items":{"type":"object","required":["name"],"properties":{"name":{"description":"The variable.","type":"string"},"value":{"description":"null when redacted.","$ref":"#/definitions/stringOrNull"}}}},"labels":{"description":"Config labels, name to value. Secrets in it are replaced by `<redacted: KIND FINGERPRINT>`.","type":"object","additionalProperties":{"type":"string"}},"setuid":{"description":"Regular files with the setuid or setgid bit.","type":"array","items":{"$ref":"#/definitions/fileFlag"}},"worldWritable":{"description":"Files and directories anyone may write.","type":"array","items":{"$ref":"#/definitions/fileFlag"}},"sizes":{"description":"Sizes in bytes.","$ref":"#/definitions/sizes"},"layerCommands":{"description":"The history `created_by` behind each layer, null where history does not say. Secrets in it are replaced by `<redacted: KIND FINGERPRINT>`.","type":"array","items":{"$ref":"#/definitions/stringOrNull"}},"baseImage":{"description":"The image this one was built on, when known.","type":["object","null"],"required":["name","source"],"properties":{"name":{"description":"Its reference.","type":"string"},"digest":{"description":"Its digest, when known.","$ref":"#/definitions/stringOrNull"},"source":{"description":"Where the name came from.","enum":["annotation","label","dockerfile"]}}}}},"binary":{"title":"Shells and package managers","type":"object","required":["name","path","realPath","layer"],"properties":{"name":{"description":"What it is (`sh`, `apt`).","type":"string"},"path":{"description":"Where it was found.","type":"string"},"realPath":{"description":"The file it is, after symlinks.","type":"string"},"layer":{"description":"The layer that wrote it.","$ref":"#/definitions/count"},"via":{"description":"How it was found, when not at `path` itself.","$ref":"#/definitions/stringOrNull"},"script":{"description":"The script whose `#!` line names it, when it was found that way rather than in a bin directory.","$ref":"#/definitions/stringOrNull"}}},"fileFlag":{"title":"Setuid and world-writable files","type":"object","required":["path","mode","layer","type"],"properties":{"path":{"description":"The path in the image.","type":"string"},"mode":{"description":"Permissions as octal digits, as chmod and ls show them (`\\"4755\\"`).","type":"string","pattern":"^[0-7]{1,6}$","patternErrorMessage":"should be octal digits like \\"4755\\""},"layer":{"description":"The layer that wrote it.","$ref":"#/definitions/count"},"type":{"description":"What kind of entry it is.","enum":["file","dir","symlink","hardlink","char","block","fifo"]}}},"program":{"title":"The entry point\'s program","description":"`facts.entrypoint.program`.","type":["object","null"],"required":["command","executable","kind"],"properties":{"command":{"description":"`argv[0]` as configured.","type":"string"},"path":{"description":"Where it resolves (through `PATH`, `WorkingDir`, symlinks); null when not found.","$ref":"#/definitions/stringOrNull"},"layer":{"description":"The layer that wrote it.","$ref":"#/definitions/countOrNull"},"executable":{"description":"A regular file with an execute bit.","type":"boolean"},"kind":{"description":"`other`: neither ELF nor a `#!` script, or not a regular file; `unknown`: its bytes were not read.","enum":["elf","script","other","missing","unknown"]},"interpreter":{"description":"A script\'s `#!` line.","type":["object","null"],"required":["command"],"properties":{"command":{"description":"The interpreter as written.","type":"string"},"path":{"description":"Where it resolves, when it is a regular file.","$ref":"#/definitions/stringOrNull"},"argument":{"description":"The argument after it, if any.","$ref":"#/definitions/stringOrNull"},"envCommand":{"description":"For `#!/usr/bin/env X`: X, looked up through `PATH` as env does.","type":["object","null"],"required":["command"],"properties":{"command":{"description":"X as written.","type":"string"},"path":{"description":"null when missing.","$ref":"#/definitions/stringOrNull"}}}}},"elf":{"description":"What its ELF header says.","$ref":"#/definitions/elf"},"libraries":{"description":"How the loader would resolve it.","$ref":"#/definitions/libraries"}}},"elf":{"title":"ELF","description":"`facts.entrypoint.program.elf`.","type":["object","null"],"required":["class","endian","machine","machineName","type","needed","runpath","rpath","dynamic","complete"],"properties":{"class":{"description":"32-bit or 64-bit.","enum":[32,64]},"endian":{"description":"Byte order.","enum":["little","big"]},"machine":{"description":"`e_machine`.","$ref":"#/definitions/count"},"machineName":{"description":"Go/OCI architecture name (`amd64`, `arm64`, …), or `unknown(N)`.","type":"string"},"type":{"description":"`e_type`: an executable, a shared object (also a position-independent executable), …","enum":["exec","dyn","rel","core","other"]},"interpreter":{"description":"`PT_INTERP`: the dynamic loader the kernel starts.","$ref":"#/definitions/stringOrNull"},"needed":{"description":"`DT_NEEDED`, in order.","$ref":"#/definitions/strings"},"soname":{"description":"`DT_SONAME`.","$ref":"#/definitions/stringOrNull"},"runpath":{"description":"`DT_RUNPATH` split on `:`.","$ref":"#/definitions/strings"},"rpath":{"description":"`DT_RPATH` split on `:`.","$ref":"#/definitions/strings"},"dynamic":{"description":"Whether there is a `PT_DYNAMIC` segment.","type":"boolean"},"complete":{"description":"False when some of the above could not be read (the lists may then be partial).","type":"boolean"}}},"libraries":{"title":"Libraries","description":"`facts.entrypoint.program.libraries`.","type":["object","null"],"required":["libraries","incomplete"],"properties":{"interpreter":{"description":"`PT_INTERP`, as the loader would find it.","type":["object","null"],"required":["path","found"],"properties":{"path":{"description":"As written.","type":"string"},"found":{"description":"Whether it resolves to a file of the binary\'s architecture.","type":"boolean"}}},"libraries":{"description":"Every `DT_NEEDED` name once, in the order the loader loads them.","type":"array","items":{"type":"object","required":["name","neededBy"],"properties":{"name":{"description":"The `DT_NEEDED` name.","type":"string"},"neededBy":{"description":"The object that asked for it first.","type":"string"},"path":{"description":"Where the loader finds it; null when missing.","$ref":"#/definitions/stringOrNull"}}}},"incomplete":{"description":"Paths whose bytes were not all read: the answer may be partial.","$ref":"#/definitions/strings"}}},"sizes":{"title":"Sizes","description":"`facts.sizes`, in bytes.","type":"object","required":["uncompressed","hidden","layers","directories"],"properties":{"compressed":{"description":"Sum of compressed layer sizes, when every layer\'s is known.","$ref":"#/definitions/countOrNull"},"uncompressed":{"description":"Sum of uncompressed layer tars.","$ref":"#/definitions/count"},"hidden":{"description":"File bytes stored in layers but hidden by later layers (overwritten or deleted).","$ref":"#/definitions/count"},"layers":{"description":"Per layer, in order.","type":"array","items":{"type":"object","required":["index","uncompressed","content","hidden","files"],"properties":{"index":{"description":"0 is the base layer.","$ref":"#/definitions/count"},"diffId":{"description":"The digest of the uncompressed layer, when known.","$ref":"#/definitions/stringOrNull"},"digest":{"description":"The digest of the layer as stored, when known.","$ref":"#/definitions/stringOrNull"},"compressed":{"description":"As stored or transferred; null when unknown or stored uncompressed.","$ref":"#/definitions/countOrNull"},"uncompressed":{"description":"The layer tar.","$ref":"#/definitions/count"},"content":{"description":"Regular-file bytes.","$ref":"#/definitions/count"},"hidden":{"description":"Content bytes later layers hide.","$ref":"#/definitions/count"},"files":{"description":"Entries (files, directories, links), whiteouts not counted.","$ref":"#/definitions/count"},"absent":{"description":"Why the layer could not be read, or null.","$ref":"#/definitions/stringOrNull"}}}},"directories":{"description":"Visible file bytes under each directory down to depth 2 (`/usr`, `/usr/lib`), largest first.","type":"array","items":{"type":"object","required":["path","size"],"properties":{"path":{"description":"The directory.","type":"string"},"size":{"description":"Visible file bytes under it.","$ref":"#/definitions/count"}}}}}},"baseline":{"title":"Baseline","description":"`images[].baseline`.","type":["object","null"],"required":["reference","layers","directories","findingsKnown"],"properties":{"reference":{"description":"The baseline as given.","type":"string"},"compressed":{"description":"null unless both sides know compressed sizes.","$ref":"#/definitions/sizeDelta"},"uncompressed":{"description":"null when the baseline\'s layers were not read (a size-only `docker://` baseline).","$ref":"#/definitions/sizeDelta"},"layers":{"description":"Layers by diff id.","type":"object","required":["shared","added","removed"],"properties":{"shared":{"description":"Layers both have.","$ref":"#/definitions/count"},"added":{"description":"Layers of this image the baseline lacks.","type":"array","items":{"$ref":"#/definitions/layerChange"}},"removed":{"description":"Layers of the baseline this image lacks.","type":"array","items":{"$ref":"#/definitions/layerChange"}}}},"directories":{"description":"Directories whose visible bytes changed, largest growth first.","type":"array","items":{"type":"object","required":["path","before","after","delta"],"properties":{"path":{"description":"The directory.","type":"string"},"before":{"description":"Visible file bytes under it in the baseline.","$ref":"#/definitions/count"},"after":{"description":"In this image.","$ref":"#/definitions/count"},"delta":{"description":"`after` minus `before`.","type":"number"}}}},"findingsKnown":{"description":"Whether the baseline carried findings, so that `new` means something.","type":"boolean"},"fixed":{"description":"How many findings of the baseline this image no longer has; null when `findingsKnown` is false.","$ref":"#/definitions/countOrNull"}}},"sizeDelta":{"title":"Size changes","type":["object","null"],"required":["before","after","delta"],"properties":{"before":{"description":"Bytes in the baseline.","$ref":"#/definitions/count"},"after":{"description":"Bytes in this image.","$ref":"#/definitions/count"},"delta":{"description":"`after` minus `before`: negative when it shrank.","type":"number"},"percent":{"description":"null when `before` is 0.","type":["number","null"]}}},"layerChange":{"title":"Added and removed layers","type":"object","required":["index","size"],"properties":{"index":{"description":"The layer\'s index in its image.","$ref":"#/definitions/count"},"diffId":{"description":"The digest of the uncompressed layer, when known.","$ref":"#/definitions/stringOrNull"},"size":{"description":"Uncompressed bytes, else compressed.","$ref":"#/definitions/count"},"instruction":{"description":"The history `created_by` behind it.","$ref":"#/definitions/stringOrNull"}}}}}');
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/facts/base-image.ts
var base_image = __webpack_require__(7242);
// EXTERNAL MODULE: ./src/report/json.ts
var json = __webpack_require__(2794);
;// CONCATENATED MODULE: ./src/report/json-read.ts





const schema = report_schema_namespaceObject;
/**
 * Reads a JSON report back (a baseline, or a stored report to render again). The file is checked
 * against docs/report.schema.json, the one description of its fields; a file that does not conform
 * names one field that is wrong (ajv's first: a missing key before the values of the others).
 * Redacted env values read as `REDACTED_VALUE`. Imported only where a report file is read: ajv and
 * the schema cost start-up.
 */
function parseJsonReport(text, source) {
    const notAReport = (reason) => new errors/* UserError */.yo(`${source}: not a distroless-guard report (${reason})`);
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw notAReport(`it is not JSON: ${(0,errors/* messageOf */.bD)(error)}`);
    }
    // Another version is said to be one, rather than reported by the first field that differs.
    if (isObject(value) && value.version !== json/* REPORT_VERSION */.Aj) {
        throw notAReport(`"version" is ${JSON.stringify(value.version) ?? 'missing'}; this version of distroless-guard reads version ${json/* REPORT_VERSION */.Aj}`);
    }
    const problem = schemaProblem(value);
    if (problem !== undefined)
        throw notAReport(problem);
    // The schema has just accepted it; the tests read back every report the writer makes.
    return reportOf(declared(value, schema));
}
let validator;
/** The first thing wrong with the file, as `<field> should be <what the schema says>, found <value>`. */
function schemaProblem(value) {
    if (validator === undefined) {
        // Not allErrors: the file may come from an untrusted run, and one error per wrong item could fill memory.
        const ajv = new dist_ajv.Ajv({ verbose: true, allowUnionTypes: true, strict: true });
        // Editors (VS Code) show it; so does the reader.
        ajv.addVocabulary(['patternErrorMessage']);
        validator = ajv.compile(schema);
    }
    if (validator(value))
        return undefined;
    const [error] = validator.errors ?? [];
    const path = fieldPath(error.instancePath, value);
    const parent = error.parentSchema;
    switch (error.keyword) {
        case 'required': {
            const key = String(error.params.missingProperty);
            return `${fieldName(child(path, key))} should be ${expected(parent.properties?.[key] ?? {})}, found nothing`;
        }
        case 'pattern':
            return `${fieldName(path)} ${parent.patternErrorMessage ?? `should match ${String(error.schema)}`}, found ${describe(error.data)}`;
        default:
            return `${fieldName(path)} should be ${expected(parent)}, found ${describe(error.data)}`;
    }
}
const TYPE_NAMES = {
    object: 'an object',
    array: 'an array',
    string: 'a string',
    boolean: 'true or false',
    // Every integer of the report is a size, a count, an index or a line.
    integer: 'a whole number (0 or more)',
    number: 'a number',
    null: 'null',
};
function expected(node) {
    const target = resolve(node);
    if (target.enum)
        return `one of ${target.enum.map((value) => JSON.stringify(value)).join(', ')}`;
    const types = Array.isArray(target.type) ? target.type : [target.type ?? 'any value'];
    return types.map((type) => TYPE_NAMES[type] ?? type).join(' or ');
}
function resolve(node) {
    if (node.$ref === undefined)
        return node;
    return schema.definitions[node.$ref.slice('#/definitions/'.length)];
}
/**
 * A copy with what the schema declares: `null` (unknown, in the file) becomes absent, as in the
 * model, and keys of later writers are left behind.
 */
function declared(value, node) {
    const target = resolve(node);
    if (Array.isArray(value))
        return value.map((item) => (item === null ? undefined : declared(item, target.items ?? {})));
    if (!isObject(value))
        return value;
    const entries = [];
    for (const [key, item] of Object.entries(value)) {
        const property = target.properties?.[key] ?? target.additionalProperties;
        if (item !== null && property !== undefined)
            entries.push([key, declared(item, property)]);
    }
    return Object.fromEntries(entries);
}
function reportOf(file) {
    return { ...file, images: file.images.map((image) => imageOf(image, file.failOn)) };
}
/** An image's own fail-on is missing from reports of older releases: the report's applied. */
function imageOf({ image, facts, baseline, failOn, ...rest }, reportFailOn) {
    return { ...rest, name: image, failOn: failOn ?? reportFailOn, facts: factsOf(facts), ...(baseline && { baseline: baselineOf(baseline) }) };
}
function factsOf({ env, setuid, worldWritable, baseImage: base, buildTools = [], ...rest }) {
    return {
        ...rest,
        buildTools,
        ...(base && { baseImage: (0,base_image/* baseImage */.f)(base.name, base.source, base.digest) }),
        env: env.map(({ name, value }) => [name, value ?? json/* REDACTED_VALUE */.Zv]),
        setuid: setuid.map(fileFlagOf),
        worldWritable: worldWritable.map(fileFlagOf),
        // Not in the file: the findings carry what the scan found.
        secretFiles: [],
    };
}
function fileFlagOf({ mode, ...rest }) {
    return { ...rest, mode: Number.parseInt(mode, 8) };
}
function baselineOf({ layers, ...rest }) {
    return {
        ...rest,
        layers: {
            shared: layers.shared,
            added: layers.added.map((layer) => ({ ...layer, change: 'added' })),
            removed: layers.removed.map((layer) => ({ ...layer, change: 'removed' })),
        },
    };
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** ajv's JSON pointer as the path a reader of the file writes: `images[0].size.layers`. */
function fieldPath(pointer, root) {
    let path = '';
    let data = root;
    for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
        const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
        path = Array.isArray(data) ? `${path}[${key}]` : child(path, key);
        data = isObject(data) || Array.isArray(data) ? data[key] : undefined;
    }
    return path;
}
function child(path, key) {
    if (!/^[A-Za-z_$][\w$]*$/.test(key))
        return `${path}[${JSON.stringify(key)}]`;
    return path === '' ? key : `${path}.${key}`;
}
function fieldName(path) {
    return path === '' ? 'the top level' : path;
}
function describe(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    if (typeof value === 'object')
        return 'an object';
    // String() for numbers: JSON.stringify writes Infinity (a too large number in the file) as null.
    const text = typeof value === 'number' ? String(value) : JSON.stringify(value);
    return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}


/***/ }),

/***/ 2794:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Aj: () => (/* binding */ REPORT_VERSION),
/* harmony export */   Zv: () => (/* binding */ REDACTED_VALUE),
/* harmony export */   hF: () => (/* binding */ renderJson)
/* harmony export */ });
/* unused harmony export isHarmlessEnvName */
/* harmony import */ var _facts_secret_tokens_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7722);

const REPORT_VERSION = 1;
/**
 * Variables whose values are kept in the report; every other value is redacted (the name stays),
 * since the report is uploaded as an artifact and ENV may hold credentials.
 */
const HARMLESS_ENV_NAMES = new Set([
    'PATH',
    'HOME',
    'LANG',
    'LANGUAGE',
    'TZ',
    'TERM',
    'USER',
    'SHELL',
    'HOSTNAME',
    'LD_LIBRARY_PATH',
    'SSL_CERT_FILE',
    'SSL_CERT_DIR',
    'JAVA_HOME',
    'JAVA_VERSION',
    'NODE_ENV',
    'NODE_VERSION',
    'YARN_VERSION',
    'PYTHON_VERSION',
    'PYTHONPATH',
    'PYTHONUNBUFFERED',
    'PYTHONDONTWRITEBYTECODE',
    'GOLANG_VERSION',
    'GOPATH',
    'DEBIAN_FRONTEND',
]);
/** What a redacted value reads as when a report is read back. */
const REDACTED_VALUE = '[redacted]';
function isHarmlessEnvName(name) {
    return HARMLESS_ENV_NAMES.has(name) || /^LC_[A-Z]+$/.test(name);
}
function renderJson(report) {
    const json = {
        version: REPORT_VERSION,
        passed: report.passed,
        failOn: report.failOn,
        policy: report.policy,
        notices: report.notices,
        images: report.images.map(imageToJson),
    };
    return `${JSON.stringify(json, null, 2)}\n`;
}
function imageToJson(image) {
    return {
        image: image.name,
        reference: image.reference,
        platform: image.platform,
        digest: image.digest ?? null,
        passed: image.passed,
        errors: image.errors,
        warnings: image.warnings,
        waived: image.waived,
        size: { compressed: image.size.compressed ?? null, uncompressed: image.size.uncompressed, layers: image.size.layers },
        findings: image.findings.map(findingToJson),
        facts: factsToJson(image.facts),
        baseline: image.baseline ? baselineToJson(image.baseline) : null,
        failOn: image.failOn,
    };
}
function findingToJson(finding) {
    return {
        rule: finding.rule,
        level: finding.level,
        message: finding.message,
        path: finding.path ?? null,
        layer: finding.layer ?? null,
        instruction: finding.instruction ?? null,
        hint: finding.hint ?? null,
        fingerprint: finding.fingerprint ?? null,
        location: finding.location
            ? { file: finding.location.file, line: finding.location.line, endLine: finding.location.endLine, text: finding.location.text }
            : null,
        new: finding.new ?? null,
        subject: finding.subject ?? null,
    };
}
function factsToJson(facts) {
    const { sizes, entrypoint } = facts;
    return {
        filesRead: facts.filesRead,
        os: facts.os ? { id: facts.os.id ?? null, versionId: facts.os.versionId ?? null, prettyName: facts.os.prettyName ?? null, source: facts.os.source } : null,
        user: { configured: facts.user.configured, uid: facts.user.uid ?? null, gid: facts.user.gid ?? null, resolved: facts.user.resolved },
        users: facts.users.map((user) => ({ name: user.name, uid: user.uid, gid: user.gid, home: user.home, shell: user.shell })),
        groups: facts.groups.map((group) => ({ name: group.name, gid: group.gid })),
        packages: facts.packages.map((inventory) => ({ manager: inventory.manager, source: inventory.source, count: inventory.count, names: inventory.names })),
        shells: facts.shells.map(binaryToJson),
        packageManagers: facts.packageManagers.map(binaryToJson),
        buildTools: facts.buildTools.map(binaryToJson),
        entrypoint: {
            entrypoint: entrypoint.entrypoint,
            cmd: entrypoint.cmd,
            argv: entrypoint.argv,
            entrypointShellForm: entrypoint.entrypointShellForm,
            cmdShellForm: entrypoint.cmdShellForm,
            healthcheckShellForm: entrypoint.healthcheckShellForm,
            program: entrypoint.program ? programToJson(entrypoint.program) : null,
        },
        // A harmless name may still hold a token (PATH with https://user:secret@…): such a value is redacted too.
        env: facts.env.map(([name, value]) => ({ name, value: isHarmlessEnvName(name) && (0,_facts_secret_tokens_js__WEBPACK_IMPORTED_MODULE_0__/* .findTokens */ .GY)(value).length === 0 ? value : null })),
        labels: { ...facts.labels },
        setuid: facts.setuid.map(fileFlagToJson),
        worldWritable: facts.worldWritable.map(fileFlagToJson),
        sizes: {
            compressed: sizes.compressed ?? null,
            uncompressed: sizes.uncompressed,
            hidden: sizes.hidden,
            layers: sizes.layers.map(layerToJson),
            directories: sizes.directories.map((dir) => ({ path: dir.path, size: dir.size })),
        },
        layerCommands: facts.layerCommands.map((command) => command ?? null),
        baseImage: facts.baseImage ? { name: facts.baseImage.name, digest: facts.baseImage.digest ?? null, source: facts.baseImage.source } : null,
    };
}
function binaryToJson(binary) {
    return { name: binary.name, path: binary.path, realPath: binary.realPath, layer: binary.layer, via: binary.via ?? null, script: binary.script ?? null };
}
function programToJson(program) {
    return {
        command: program.command,
        path: program.path ?? null,
        layer: program.layer ?? null,
        executable: program.executable,
        kind: program.kind,
        interpreter: program.interpreter
            ? {
                command: program.interpreter.command,
                path: program.interpreter.path ?? null,
                argument: program.interpreter.argument ?? null,
                envCommand: program.interpreter.envCommand
                    ? { command: program.interpreter.envCommand.command, path: program.interpreter.envCommand.path ?? null }
                    : null,
            }
            : null,
        elf: program.elf ? elfToJson(program.elf) : null,
        libraries: program.libraries ? librariesToJson(program.libraries) : null,
    };
}
function elfToJson(elf) {
    return {
        class: elf.class,
        endian: elf.endian,
        machine: elf.machine,
        machineName: elf.machineName,
        type: elf.type,
        interpreter: elf.interpreter ?? null,
        needed: elf.needed,
        soname: elf.soname ?? null,
        runpath: elf.runpath,
        rpath: elf.rpath,
        dynamic: elf.dynamic,
        complete: elf.complete,
    };
}
function librariesToJson(resolution) {
    return {
        interpreter: resolution.interpreter ? { path: resolution.interpreter.path, found: resolution.interpreter.found } : null,
        libraries: resolution.libraries.map((library) => ({ name: library.name, neededBy: library.neededBy, path: library.path ?? null })),
        incomplete: resolution.incomplete,
    };
}
function fileFlagToJson(flag) {
    // Octal digits, as chmod and ls show permissions.
    return { path: flag.path, mode: flag.mode.toString(8).padStart(4, '0'), layer: flag.layer, type: flag.type };
}
function layerToJson(layer) {
    return {
        index: layer.index,
        diffId: layer.diffId ?? null,
        digest: layer.digest ?? null,
        compressed: layer.compressed ?? null,
        uncompressed: layer.uncompressed,
        content: layer.content,
        hidden: layer.hidden,
        files: layer.files,
        absent: layer.absent ?? null,
    };
}
function baselineToJson(baseline) {
    const change = (layer) => ({
        index: layer.index,
        diffId: layer.diffId ?? null,
        size: layer.size,
        instruction: layer.instruction ?? null,
    });
    return {
        reference: baseline.reference,
        compressed: baseline.compressed ? deltaToJson(baseline.compressed) : null,
        uncompressed: baseline.uncompressed ? deltaToJson(baseline.uncompressed) : null,
        layers: { shared: baseline.layers.shared, added: baseline.layers.added.map(change), removed: baseline.layers.removed.map(change) },
        directories: baseline.directories.map((dir) => ({ path: dir.path, before: dir.before, after: dir.after, delta: dir.delta })),
        findingsKnown: baseline.findingsKnown,
        fixed: baseline.fixed ?? null,
    };
}
function deltaToJson(delta) {
    return { before: delta.before, after: delta.after, delta: delta.delta, percent: delta.percent ?? null };
}


/***/ })

};
