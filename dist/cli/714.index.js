export const id = 714;
export const ids = [714];
export const modules = {

/***/ 8714:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseDockerfile: () => (/* binding */ parseDockerfile)
/* harmony export */ });
/* unused harmony export expandVariables */
/* harmony import */ var dockerfile_ast__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8390);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);


const EXPANDED_KEYWORDS = new Set(['ADD', 'ARG', 'COPY', 'ENV', 'EXPOSE', 'FROM', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);
const COMMAND_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL']);
const LIST_KEYWORDS = new Set(['COPY', 'ADD', 'VOLUME']);
const WHOLE_STRING_KEYWORDS = new Set(['WORKDIR', 'USER', 'MAINTAINER', 'STOPSIGNAL']);
/** Set by the builder for the platform it builds on and for; their values are unknown here. */
const PLATFORM_ARGS = new Set(['BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT', 'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT']);
/**
 * Parses a Dockerfile into stages. Throws a UserError naming `path` when there is no FROM, a FROM without an
 * image, or no stage named `options.target`.
 */
function parseDockerfile(text, path, options = {}) {
    const ast = dockerfile_ast__WEBPACK_IMPORTED_MODULE_0__.DockerfileParser.parse(text);
    const escape = ast.getEscapeCharacter();
    const buildArgs = options.buildArgs ?? {};
    const buildArg = (name) => (Object.hasOwn(buildArgs, name) ? buildArgs[name] : undefined);
    const globalArgs = new Map();
    // FROM sees only global ARGs; any other name is unset and expands to '', as in Docker.
    const resolveGlobal = (name) => (globalArgs.has(name) ? globalArgs.get(name) : PLATFORM_ARGS.has(name) ? undefined : null);
    const stages = [];
    const parents = new Map();
    const finalEnv = new Map();
    let current;
    for (const node of ast.getInstructions()) {
        const instruction = readInstruction(node, escape);
        if (node instanceof dockerfile_ast__WEBPACK_IMPORTED_MODULE_0__.From) {
            instruction.expandedArgs = instruction.args.map((arg) => expandVariables(arg, escape, resolveGlobal));
            const image = node.getImage();
            if (image === null)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__.UserError(`${path}:${instruction.line}: FROM names no image`);
            const baseImage = expandVariables(image, escape, resolveGlobal);
            const stage = { from: instruction, baseImage, instructions: [] };
            const name = node.getBuildStage();
            if (name !== null)
                stage.name = name;
            // Docker looks stage names up case-insensitively, and only among earlier stages.
            const parent = stages.findLast((earlier) => earlier.name?.toLowerCase() === baseImage.toLowerCase());
            if (parent)
                parents.set(stage, parent);
            stages.push(stage);
            const env = new Map(parent ? finalEnv.get(parent) : undefined);
            finalEnv.set(stage, env);
            current = { stage, env, args: new Map() };
            continue;
        }
        if (!current) {
            // Before the first FROM only ARG means anything: the global build arguments FROM lines may use.
            if (instruction.keyword !== 'ARG')
                continue;
            for (const { name, value } of declarations(instruction.args)) {
                const declared = buildArg(name) ?? (value === undefined ? undefined : expandVariables(value, escape, resolveGlobal));
                if (declared !== undefined || !PLATFORM_ARGS.has(name))
                    globalArgs.set(name, declared ?? null);
            }
            continue;
        }
        const scope = current;
        // ENV wins over ARG of the same name, wherever each was declared.
        const resolve = (name) => (scope.env.has(name) ? scope.env.get(name) : scope.args.get(name));
        if (EXPANDED_KEYWORDS.has(instruction.keyword)) {
            instruction.expandedArgs = instruction.args.map((arg) => expandVariables(arg, escape, resolve));
        }
        scope.stage.instructions.push(instruction);
        if (instruction.keyword === 'ARG') {
            for (const { name, value } of declarations(instruction.expandedArgs)) {
                // A stage ARG without a default takes the global one; a build arg overrides both.
                const declared = buildArg(name) ?? value ?? globalArgs.get(name);
                if (declared !== undefined || !PLATFORM_ARGS.has(name))
                    scope.args.set(name, declared ?? null);
            }
        }
        else if (instruction.keyword === 'ENV') {
            for (const { name, value } of declarations(instruction.expandedArgs))
                scope.env.set(name, value ?? '');
        }
    }
    if (stages.length === 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__.UserError(`${path}: no FROM instruction, so this is not a Dockerfile that builds an image`);
    let finalStage = stages[stages.length - 1];
    if (options.target !== undefined) {
        const target = options.target.toLowerCase();
        const named = stages.find((stage) => stage.name?.toLowerCase() === target);
        if (!named) {
            const names = stages.flatMap((stage) => (stage.name === undefined ? [] : [stage.name]));
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__.UserError(`${path}: no stage named ${JSON.stringify(options.target)} (stages: ${names.length > 0 ? names.join(', ') : 'none named'})`);
        }
        finalStage = named;
    }
    const finalChain = [finalStage];
    for (let parent = parents.get(finalStage); parent; parent = parents.get(parent))
        finalChain.unshift(parent);
    return { path, stages, finalStage, finalChain };
}
/** `NAME=value` or `NAME` entries of ARG and ENV, split at the first `=`. */
function declarations(args) {
    return args.map((arg) => {
        const at = arg.indexOf('=');
        return at === -1 ? { name: arg, value: undefined } : { name: arg.slice(0, at), value: arg.slice(at + 1) };
    });
}
function readInstruction(node, escape) {
    const range = node.getRange();
    const lines = node.getTextContent().split(/\r\n|\r|\n/);
    lines[0] = lines[0].slice(node.getInstruction().length);
    const { pieces, bodyStart } = joinContinuations(lines, escape);
    const body = lines.slice(bodyStart);
    const bodyText = body.length > 0 ? `\n${body.join('\n')}` : '';
    const flags = node instanceof dockerfile_ast__WEBPACK_IMPORTED_MODULE_0__.ModifiableInstruction ? node.getFlags().map((flag) => flag.toString()) : [];
    // Docker removes the escape and the newline but keeps the next line's indentation.
    let command = pieces.join('').trim();
    for (let skipped = 0; skipped < flags.length; skipped++)
        command = command.replace(/^\S+\s*/, '');
    const keyword = node.getKeyword();
    let operands;
    let execForm = false;
    if (COMMAND_KEYWORDS.has(keyword) || LIST_KEYWORDS.has(keyword)) {
        const decoded = decodeExecForm(command);
        execForm = decoded !== undefined;
        if (decoded)
            operands = decoded;
        else if (COMMAND_KEYWORDS.has(keyword))
            operands = command === '' ? [] : [command + bodyText];
        else
            operands = wordsBefore(node, range.start.line + bodyStart);
    }
    else if (keyword === 'HEALTHCHECK') {
        const subcommand = /^cmd(?:\s+|$)/i.exec(command);
        if (subcommand) {
            const rest = command.slice(subcommand[0].length);
            const decoded = decodeExecForm(rest);
            execForm = decoded !== undefined;
            operands = ['CMD', ...(decoded ?? (rest === '' ? [] : [rest]))];
        }
        else {
            operands = wordsBefore(node, range.end.line + 1);
        }
    }
    else if (node instanceof dockerfile_ast__WEBPACK_IMPORTED_MODULE_0__.PropertyInstruction) {
        operands = propertyArgs(node);
    }
    else if (WHOLE_STRING_KEYWORDS.has(keyword)) {
        operands = command === '' ? [] : [command];
    }
    else {
        operands = wordsBefore(node, range.end.line + 1);
    }
    const args = [...flags, ...operands];
    return {
        keyword,
        line: range.start.line + 1,
        endLine: range.end.line + 1,
        text: pieces
            .map((piece) => piece.trim())
            .filter((piece) => piece !== '')
            .join(' ') + bodyText,
        args,
        flags,
        execForm,
        expandedArgs: args,
    };
}
/**
 * Splits an instruction's lines (dockerfile-ast has found where it ends) into the continued command lines,
 * escape characters removed, and the heredoc bodies after them. Comment and blank lines inside a
 * continuation are dropped, as Docker does.
 */
function joinContinuations(lines, escape) {
    const continuation = new RegExp(`${escapeRegExp(escape)}[ \\t]*$`);
    const pieces = [];
    let index = 0;
    while (index < lines.length) {
        const line = lines[index++];
        if (index > 1 && (line.trim() === '' || line.trimStart().startsWith('#')))
            continue;
        if (!continuation.test(line)) {
            pieces.push(line);
            break;
        }
        pieces.push(line.replace(continuation, ''));
    }
    return { pieces, bodyStart: index };
}
/** Docker's exec form: a JSON array of strings; anything else is shell form. */
function decodeExecForm(command) {
    if (!command.startsWith('['))
        return undefined;
    let value;
    try {
        value = JSON.parse(command);
    }
    catch {
        return undefined;
    }
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}
/** The non-flag words dockerfile-ast split out, up to (not including) a 0-based document line. */
function wordsBefore(node, endLine) {
    return node
        .getArguments()
        .filter((argument) => argument.getRange().start.line < endLine)
        .map((argument) => argument.getValue());
}
function propertyArgs(node) {
    const words = node.getArguments().map((argument) => argument.getValue());
    // dockerfile-ast reads `ARG A B=2` like the legacy `ENV A B=2`; Docker declares two arguments.
    if (node.getKeyword() === 'ARG' && words.length > 1 && !words[0].includes('='))
        return words;
    return node.getProperties().map((property) => {
        const value = property.getValue();
        return value === null ? property.getName() : `${property.getName()}=${value}`;
    });
}
/**
 * Substitutes `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}` and `${NAME+word}` the way
 * Docker's word expansion does. dockerfile-ast's own expansion knows neither build args nor these modifiers.
 */
function expandVariables(word, escape, resolve) {
    if (!word.includes('$'))
        return word;
    const variable = new RegExp(`(${escapeRegExp(escape)})?\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-+])([^}]*))?\\}|([A-Za-z_][A-Za-z0-9_]*))`, 'g');
    return word.replace(variable, (match, escaped, braced, colon, operator, word, bare) => {
        if (escaped)
            return match.slice(escaped.length);
        const value = resolve(braced ?? bare ?? '');
        if (value === undefined)
            return match;
        if (operator === undefined)
            return value ?? '';
        const isSet = colon ? value !== null && value !== '' : value !== null;
        const alternative = expandVariables(word ?? '', escape, resolve);
        if (operator === '-')
            return isSet ? (value ?? '') : alternative;
        return isSet ? alternative : '';
    });
}
function escapeRegExp(text) {
    return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}


/***/ })

};
