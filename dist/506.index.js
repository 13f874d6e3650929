export const id = 506;
export const ids = [506];
export const modules = {

/***/ 1506:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runMain: () => (/* binding */ runMain)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: ./src/engine/worker.ts + 5 modules
var worker = __webpack_require__(9480);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./src/image/reference.ts
var image_reference = __webpack_require__(3564);
// EXTERNAL MODULE: ./src/image/platform.ts
var image_platform = __webpack_require__(2554);
;// CONCATENATED MODULE: ./src/engine/inputs.ts



// The entries parse `platform` options with the reader's own parser.

const NAMED = /^([A-Za-z0-9][A-Za-z0-9._/-]*)=(.+)$/;
/** Lines of `REF` or `NAME=REF`; blank lines and `#` comments skipped. */
function parseImageLines(lines, options) {
    const images = [];
    for (const raw of lines) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const named = NAMED.exec(line);
        const reference = named ? named[2].trim() : line;
        const parsed = (0,image_reference/* parseReference */.F2)(reference);
        let name = named?.[1] ?? (0,image_reference/* defaultImageName */.eo)(parsed);
        if (!named && parsed.transport !== 'docker-daemon' && parsed.transport !== 'docker' && (0,external_node_path_.isAbsolute)(name)) {
            const inside = (0,external_node_path_.relative)(options.workspace, name);
            if (!inside.startsWith('..'))
                name = inside;
        }
        if (images.some((image) => image.name === name)) {
            throw new errors/* UserError */.yo(`${options.label}: two images are named ${name}; give them distinct names with NAME=REF lines`);
        }
        images.push({ name, reference });
    }
    if (images.length === 0)
        throw new errors/* UserError */.yo(`${options.label}: no image given`);
    return images;
}
/**
 * A per-image setting given as one value for every image, or as `NAME=VALUE` lines
 * (`baseline`, `dockerfile`); a line naming no image is an error, not silently ignored.
 */
function perImageValues(lines, imageNames, label) {
    const values = lines.map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
    if (values.length === 0)
        return undefined;
    const named = values.map((line) => NAMED.exec(line));
    if (values.length === 1 && !(named[0] && imageNames.includes(named[0][1])))
        return values[0];
    const map = new Map();
    named.forEach((match, i) => {
        if (!match)
            throw new errors/* UserError */.yo(`${label}: "${values[i]}" should be NAME=VALUE when several lines are given`);
        if (!imageNames.includes(match[1]))
            throw new errors/* UserError */.yo(`${label}: no image is named ${match[1]} (images: ${imageNames.join(', ')})`);
        map.set(match[1], match[2].trim());
    });
    return map;
}
function valueFor(values, name) {
    return typeof values === 'string' ? values : values?.get(name);
}
/** Builds the engine's image list from the image, baseline and dockerfile options of the action or the CLI. */
function imageInputs(options) {
    const images = parseImageLines(options.images, { label: options.label.images, workspace: options.workspace });
    const names = images.map((image) => image.name);
    const baselines = perImageValues(options.baseline, names, options.label.baseline);
    const dockerfiles = perImageValues(options.dockerfile, names, options.label.dockerfile);
    return images.map((image) => {
        const baseline = valueFor(baselines, image.name);
        const given = valueFor(dockerfiles, image.name);
        const dockerfile = given !== undefined
            ? { path: given, required: given !== options.defaultDockerfile }
            : options.defaultDockerfile
                ? { path: options.defaultDockerfile, required: false }
                : undefined;
        return { ...image, ...(baseline ? { baseline } : {}), ...(dockerfile ? { dockerfile } : {}) };
    });
}

// EXTERNAL MODULE: ./src/policy/index.ts
var src_policy = __webpack_require__(5086);
;// CONCATENATED MODULE: ./src/engine/policy-file.ts



const DEFAULT_POLICY_PATH = '.github/distroless.yml';
/**
 * The policy at `path`; when the default file does not exist the recommended preset applies,
 * and `notice` says so in one line. A policy the user named must exist.
 */
async function policyFromFile(path) {
    const file = path ?? DEFAULT_POLICY_PATH;
    if ((0,external_node_fs_.existsSync)(file)) {
        const { loadPolicy } = await Promise.all(/* import() */[__webpack_require__.e(463), __webpack_require__.e(815), __webpack_require__.e(999)]).then(__webpack_require__.bind(__webpack_require__, 6999));
        return { policy: await loadPolicy(file) };
    }
    if (path !== undefined && path !== DEFAULT_POLICY_PATH)
        throw new errors/* UserError */.yo(`${path}: the policy file does not exist`);
    return { policy: (0,src_policy/* builtinPolicy */.Kp)('recommended'), notice: `no ${file} found: using the built-in recommended policy` };
}

;// CONCATENATED MODULE: ./src/action/inputs.ts







const COMMENT_MODES = ['always', 'on-change', 'never'];
/** Where the policy comes from on a pull request: the checked-out files, or the base commit. */
const POLICY_SOURCES = ['head', 'base'];
function oneOf(name, value, allowed) {
    if (!allowed.includes(value))
        throw new errors/* UserError */.yo(`input ${name}: "${value}" is not one of ${allowed.join(', ')}`);
    return value;
}
function parseActionInputs(input, env) {
    const comment = oneOf('comment', input.get('comment') || 'on-change', COMMENT_MODES);
    const githubToken = input.get('github-token');
    const pullRequest = pullRequestNumber(input.get('pull-request'));
    const fromReport = input.get('from-report');
    if (fromReport) {
        if (input.lines('images').some((line) => line.trim() !== '')) {
            throw new errors/* UserError */.yo('input from-report: give either images (to check them) or from-report (to post a stored report), not both');
        }
        if (!(0,external_node_fs_.existsSync)(fromReport))
            throw new errors/* UserError */.yo(`input from-report: ${fromReport} does not exist`);
        return { mode: 'replay', comment, githubToken, fromReport, ...(pullRequest !== undefined ? { pullRequest } : {}) };
    }
    if (pullRequest !== undefined)
        throw new errors/* UserError */.yo('input pull-request: only used with from-report; a check comments on the pull request of its event');
    const failOn = input.get('fail-on');
    const policySource = oneOf('policy-source', input.get('policy-source') || 'head', POLICY_SOURCES);
    if (policySource === 'base' && !githubToken) {
        throw new errors/* UserError */.yo('input policy-source: base reads the policy of the base commit through the GitHub API, which needs github-token');
    }
    const platform = input.get('platform');
    const sarif = input.get('sarif');
    const inputs = {
        mode: 'check',
        comment,
        githubToken,
        images: imageList(input, env.GITHUB_WORKSPACE ?? process.cwd()),
        policy: input.get('policy') || DEFAULT_POLICY_PATH,
        policySource,
        ...(failOn ? { failOn: oneOf('fail-on', failOn, src_policy/* FAIL_ON_VALUES */.Qm) } : {}),
        ...(platform ? { platform: named('platform', () => (0,image_platform/* parsePlatform */.Y8)(platform)) } : {}),
        ...(sarif ? { sarif } : {}),
        report: input.get('report') || (0,external_node_path_.join)(env.RUNNER_TEMP ?? (0,external_node_os_.tmpdir)(), 'distroless-guard-report.json'),
    };
    for (const image of inputs.images) {
        const reportPath = image.baseline?.startsWith('report:') ? image.baseline.slice('report:'.length) : undefined;
        if (reportPath !== undefined && !(0,external_node_fs_.existsSync)(reportPath)) {
            throw new errors/* UserError */.yo(`input baseline: ${image.baseline} does not exist (the JSON report of an earlier run was expected there)`);
        }
    }
    return inputs;
}
function imageList(input, workspace) {
    const lines = { images: input.lines('images'), baseline: input.lines('baseline'), dockerfile: input.lines('dockerfile') };
    checkNamedLines('images', lines.images, 'NAME=REF');
    checkNamedLines('baseline', lines.baseline, 'NAME=REF');
    checkNamedLines('dockerfile', lines.dockerfile, 'NAME=PATH');
    return named('images', () => imageInputs({
        ...lines,
        defaultDockerfile: 'Dockerfile',
        workspace,
        label: { images: 'input images', baseline: 'input baseline', dockerfile: 'input dockerfile' },
    }));
}
const NAME_CHARACTERS = /^[A-Za-z0-9._/-]+$/;
/**
 * A line with `=` before any `:` is meant as NAME=VALUE. The engine reads a line that is not quite
 * one (`app = x`, `app=`, `=x`) as a reference, which fails later with a confusing message.
 */
function checkNamedLines(name, lines, form) {
    for (const raw of lines) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const equals = line.indexOf('=');
        if (equals < 0 || line.slice(0, equals).includes(':'))
            continue;
        const [key, value] = [line.slice(0, equals), line.slice(equals + 1)];
        if (!NAME_CHARACTERS.test(key) || value.trim() === '' || /^\s/.test(value)) {
            throw new errors/* UserError */.yo(`input ${name}: "${line}" is not ${form}: the name is letters, digits, ".", "_", "/" or "-", followed by "=" and the value, without spaces`);
        }
    }
}
/** Messages from deeper down (a reference, a platform) get the input they came from in front. */
function named(name, parse) {
    try {
        return parse();
    }
    catch (error) {
        if (!(error instanceof errors/* UserError */.yo) || error.message.startsWith('input '))
            throw error;
        throw new errors/* UserError */.yo(`input ${name}: ${(0,errors/* messageOf */.bD)(error)}`);
    }
}
function pullRequestNumber(text) {
    if (text === '')
        return undefined;
    if (!/^[1-9][0-9]{0,9}$/.test(text.trim()))
        throw new errors/* UserError */.yo(`input pull-request: "${text}" is not a pull request number`);
    return Number(text.trim());
}

;// CONCATENATED MODULE: ./src/report/escape.ts
/**
 * Escaping for untrusted text: file names, labels, env values, Dockerfile text and messages all
 * come from an image or a repository, so they must not break a table, ping someone, link to
 * somewhere, inject HTML, or start a workflow command.
 */
/** Control characters (except tab and line breaks) and bidi overrides, which can disguise text. */
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029]/g;
const ZERO_WIDTH_JOINER = '\u200D';
/** Well-formed text (lone surrogates become U+FFFD) without control characters; tabs become spaces, line breaks `\n`. */
function escape_sanitizeText(text) {
    return text.toWellFormed().replace(UNSAFE_CHARACTERS, '\uFFFD').replaceAll('\t', ' ').replace(LINE_BREAKS, '\n');
}
/** `sanitizeText` on one line: line breaks become spaces. */
function escape_singleLine(text) {
    return escape_sanitizeText(text).replace(LINE_BREAKS, ' ');
}
/** At most `max` code points (an ellipsis included), never splitting a surrogate pair. */
function truncateText(text, max) {
    // UTF-16 units are never fewer than code points: short strings need no counting.
    if (text.length <= max)
        return text.toWellFormed();
    let count = 0;
    let offset = 0;
    let cut = 0;
    for (const char of text) {
        count += 1;
        if (count === max)
            cut = offset;
        if (count > max)
            return `${text.slice(0, cut).toWellFormed()}…`;
        offset += char.length;
    }
    return text.toWellFormed();
}
const MARKDOWN_REPLACEMENTS = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '\\': '\\\\',
    '`': '\\`',
    '*': '\\*',
    _: '\\_',
    '[': '\\[',
    ']': '\\]',
    '|': '\\|',
    '~': '\\~',
    $: '\\$',
};
/**
 * Text for anywhere inline in Markdown, table cells included: no emphasis, links, images, HTML
 * (comments, `<script>`, entities), math, pipes, mentions or issue references; block syntax at
 * the start (`#`, `-`, `+`, `=`, `1.`, indentation) is escaped because callers put text at the
 * start of list items. Line breaks become spaces, or `<br>` where a cell may hold several lines.
 */
function escapeMarkdown(text, options = {}) {
    const lines = escape_sanitizeText(text).split(LINE_BREAKS).map(escapeMarkdownLine);
    return lines.join(options.lineBreaks === 'br' ? '<br>' : ' ');
}
function escapeMarkdownLine(line) {
    const escaped = line
        .replace(/[&<>\\`*_[\]|~$]/g, (char) => MARKDOWN_REPLACEMENTS[char])
        // A joiner after `@` or `#` keeps the text readable but out of GitHub's reference filters.
        .replace(/@(?=[A-Za-z0-9])/g, `@${ZERO_WIDTH_JOINER}`)
        .replace(/#(?=[0-9])/g, `#${ZERO_WIDTH_JOINER}`)
        .replace(/\b(GH-)(?=[0-9])/gi, `$1${ZERO_WIDTH_JOINER}`);
    return escaped
        .replace(/^ +/, (spaces) => '&#32;'.repeat(spaces.length))
        .replace(/^([#+=-])/, '\\$1')
        .replace(/^([0-9]+)([.)])/, '$1\\$2');
}
/**
 * A code span holding `text` exactly (on one line): the fence is one backtick longer than the
 * longest run of backticks inside, padded when the text starts or ends with a backtick or space.
 * Not for table cells when the text has `|`: use `tableCode`.
 */
function inlineCode(text) {
    const line = escape_singleLine(text);
    if (line === '')
        return '<code></code>';
    const longestRun = Math.max(0, ...Array.from(line.matchAll(/`+/g), (match) => match[0].length));
    const fence = '`'.repeat(longestRun + 1);
    const pad = /^[` ]|[` ]$/.test(line) && !/^ +$/.test(line) ? ' ' : '';
    return `${fence}${pad}${line}${pad}${fence}`;
}
/**
 * Code for a table cell. GFM splits rows on every unescaped `|`, code spans included, and a
 * backslash inside a code span shows up literally; so text with a pipe goes into a `<code>`
 * element whose content is escaped Markdown instead.
 */
function tableCode(text) {
    return text.includes('|') ? `<code>${escapeMarkdown(text)}</code>` : inlineCode(text);
}
/**
 * A URL safe inside `[text](url)` and table cells, or undefined when it is not http(s) (no
 * `javascript:` links). Existing `%` escapes are kept; spaces, brackets, parentheses, pipes,
 * quotes and non-ASCII characters are percent-encoded.
 */
function markdownUrl(url) {
    const clean = url.toWellFormed().trim();
    if (!/^https?:\/\//i.test(clean))
        return undefined;
    return clean.replace(/[^\w\-.~:/?#@!$&'*+,;=%]/gu, (char) => char.length === 1 && char.charCodeAt(0) < 0x80 ? `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : encodeURIComponent(char));
}
/** `[text](url)` with escaped text; the text alone when the URL is not usable. */
function markdownLink(text, url) {
    return linkAround(escapeMarkdown(text), url);
}
/** A link around Markdown that is already safe (escaped text, a code span). */
function linkAround(markdown, url) {
    const safe = url === undefined ? undefined : markdownUrl(url);
    return safe === undefined ? markdown : `[${markdown}](${safe})`;
}
/** The value of a workflow command (`::error::VALUE`), as @actions/core escapes it. */
function escapeCommandData(text) {
    return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}
/** A workflow command property (`::error file=VALUE,title=VALUE::`), as @actions/core escapes it. */
function escapeCommandProperty(text) {
    return escapeCommandData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

// EXTERNAL MODULE: ./src/common/sizes.ts
var common_sizes = __webpack_require__(4875);
;// CONCATENATED MODULE: ./src/report/format.ts

/** `1 error`, `1,234 errors`. */
function plural(count, singular, pluralForm = `${singular}s`) {
    return `${count.toLocaleString('en-US')} ${count === 1 ? singular : pluralForm}`;
}
/** `3 errors, 1 warning`; empty when there are none. */
function countsText(errors, warnings) {
    const parts = [];
    if (errors > 0)
        parts.push(plural(errors, 'error'));
    if (warnings > 0)
        parts.push(plural(warnings, 'warning'));
    return parts.join(', ');
}
/** `+1.2 MiB`, `−20 KiB`, `±0 B` (a real minus sign, so the sign reads as one). */
function signedSize(bytes) {
    return `${signOf(bytes)}${(0,common_sizes/* formatSize */.Xq)(Math.abs(bytes))}`;
}
/** `+1.2 MiB (+4.1%)`, `−20 KiB (−0.5%)`, `±0 B (±0.0%)`; no percent when the baseline was empty. */
function sizeDeltaText(delta) {
    const percent = delta.percent === undefined ? '' : ` (${signOf(delta.percent)}${Math.abs(delta.percent).toFixed(1)}%)`;
    return `${signedSize(delta.delta)}${percent}`;
}
function signOf(value) {
    if (value > 0)
        return '+';
    return value < 0 ? '−' : '±';
}

// EXTERNAL MODULE: ./src/report/model.ts
var model = __webpack_require__(6867);
;// CONCATENATED MODULE: ./src/report/annotations.ts



/** GitHub shows at most 10 annotations of each level per step. */
const ANNOTATIONS_PER_LEVEL = 10;
/** The step's verdict when the policy fails: the first error, so GitHub never hides it. */
const POLICY_FAILED = 'distroless-guard: the policy check failed (see the annotations and the job summary)';
const MAX_MESSAGE = 500;
const MAX_PATH = 200;
const MAX_HINT = 500;
const LISTED_ITEMS = 5;
/**
 * What the step annotates, in the order to emit it, at most `perLevelLimit` of each level: the
 * verdict when the policy fails; a notice saying how much does not fit, when something does not;
 * one annotation per image, rule and Dockerfile line, errors first and larger groups first (under
 * a `new-*` fail-on, new findings only, and a notice saying how many are not); then `notices`, the
 * step's other notices. Verdict and overflow note come first and count in their
 * level's budget, as GitHub drops what comes after the 10th.
 */
function planAnnotations(report, options = {}) {
    const perLevelLimit = options.perLevelLimit ?? ANNOTATIONS_PER_LEVEL;
    const verdict = report.passed ? [] : [{ level: 'error', message: POLICY_FAILED }];
    const groups = groupFindings(report.images);
    const notices = [...ratchetNotices(report.images), ...(options.notices ?? [])];
    const fit = (overflowNote) => fitted(groups, notices, { error: perLevelLimit - verdict.length, warning: perLevelLimit, notice: perLevelLimit - overflowNote });
    let plan = fit(0);
    // The note about what does not fit takes a notice's place, which may leave out one more notice.
    if (plan.leftOutGroups.length > 0 || plan.leftOutNotices > 0)
        plan = fit(1);
    const shown = plan.groups.map((group) => annotationOf(group, report.images.length > 1));
    const leftOutFindings = plan.leftOutGroups.reduce((sum, group) => sum + group.findings.length, 0);
    const leftOut = [
        ...(plan.leftOutGroups.length > 0 ? [`${plural(leftOutFindings, 'more finding')} (${plural(plan.leftOutGroups.length, 'annotation')})`] : []),
        ...(plan.leftOutNotices > 0 ? [plural(plan.leftOutNotices, 'more notice')] : []),
    ];
    const overflow = leftOut.length > 0
        ? [
            {
                level: 'notice',
                title: 'distroless-guard',
                message: `${leftOut.join(' and ')} are not annotated here: GitHub shows ${perLevelLimit} annotations per level; the job summary lists them all`,
            },
        ]
        : [];
    return { annotations: [...verdict, ...overflow, ...shown, ...plan.notices] };
}
/** The groups and notices within `budget` per level, in order, and what is left out. */
function fitted(groups, notices, budget) {
    const used = { error: 0, warning: 0 };
    const kept = [];
    const leftOutGroups = [];
    for (const group of groups) {
        if (used[group.level] < budget[group.level]) {
            used[group.level] += 1;
            kept.push(group);
        }
        else
            leftOutGroups.push(group);
    }
    const keptNotices = notices.slice(0, Math.max(0, budget.notice));
    return { groups: kept, leftOutGroups, notices: keptNotices, leftOutNotices: notices.length - keptNotices.length };
}
/** Under a `new-*` fail-on, findings the baseline already had are not annotated: one notice says how many. */
function ratchetNotices(images) {
    const known = images.reduce((sum, image) => sum + ((0,model/* ratchetApplies */.uJ)(image) ? image.findings.filter((finding) => finding.new !== true).length : 0), 0);
    if (known === 0)
        return [];
    const message = `${plural(known, 'finding')} already on the base branch ${known === 1 ? 'is' : 'are'} not annotated (fail-on new-*): the job summary lists them`;
    return [{ level: 'notice', title: 'distroless-guard', message }];
}
/** Findings annotated: only new ones where the ratchet is in force. */
function groupFindings(images) {
    const groups = new Map();
    images.forEach((image, imageIndex) => {
        const ratchet = (0,model/* ratchetApplies */.uJ)(image);
        for (const finding of image.findings) {
            if (ratchet && finding.new !== true)
                continue;
            const key = JSON.stringify([imageIndex, finding.rule, finding.location?.file ?? null, finding.location?.line ?? null]);
            const group = groups.get(key);
            if (group) {
                group.findings.push(finding);
                if (finding.level === 'error')
                    group.level = 'error';
            }
            else {
                groups.set(key, { image, imageIndex, findings: [finding], level: finding.level });
            }
        }
    });
    return [...groups.values()].sort((a, b) => (a.level === 'error' ? 0 : 1) - (b.level === 'error' ? 0 : 1) ||
        b.findings.length - a.findings.length ||
        a.imageIndex - b.imageIndex ||
        compareText(a.findings[0].rule, b.findings[0].rule) ||
        (a.findings[0].location?.line ?? 0) - (b.findings[0].location?.line ?? 0));
}
function annotationOf(group, nameImage) {
    const [first] = group.findings;
    const prefix = nameImage ? `${clean(group.image.name, MAX_PATH)}: ` : '';
    const message = clean(first.message, MAX_MESSAGE);
    let text;
    if (group.findings.length === 1) {
        const path = first.path !== undefined && !first.message.includes(first.path) ? ` (${clean(first.path, MAX_PATH)})` : '';
        text = `${prefix}${message}${path}`;
    }
    else {
        const paths = unique(group.findings.flatMap((finding) => (finding.path === undefined ? [] : [finding.path])));
        text =
            paths.length > 0
                ? `${prefix}${group.findings.length} findings, like: ${message}; paths: ${listed(paths)}`
                : `${prefix}${group.findings.length} findings: ${listed(unique(group.findings.map((finding) => finding.message)), MAX_MESSAGE, '; ')}`;
    }
    const hint = group.findings.find((finding) => finding.hint !== undefined)?.hint;
    if (hint !== undefined)
        text += `. Fix: ${clean(hint, MAX_HINT)}`;
    const annotation = { level: group.level, message: text, title: first.rule };
    // Findings of a group share the instruction, so its lines are theirs.
    if (first.location) {
        annotation.file = first.location.file;
        annotation.startLine = first.location.line;
        annotation.endLine = first.location.endLine;
    }
    return annotation;
}
function listed(items, max = MAX_PATH, separator = ', ') {
    const shown = items.slice(0, LISTED_ITEMS).map((item) => clean(item, max));
    const more = items.length - shown.length;
    return more > 0 ? `${shown.join(separator)} and ${more} more` : shown.join(separator);
}
function clean(text, max) {
    return escape_singleLine(truncateText(text, max));
}
function unique(items) {
    return [...new Set(items)];
}
function compareText(a, b) {
    if (a === b)
        return 0;
    return a < b ? -1 : 1;
}

;// CONCATENATED MODULE: ./src/report/markdown-document.ts

/** Room kept for the note that says what was cut. */
const TRUNCATION_NOTE_RESERVE = 1_000;
/** List bounds are scaled by these in turn until the document fits, so every rule and table keeps a few rows. */
const LIST_SCALES = [1, 0.4, 0.1, 0];
/** Renders with shorter and shorter lists; only when the shortest do not fit is the end cut, with a note. */
function renderWithin(limits, build, note) {
    let rendered = '';
    for (const scale of LIST_SCALES) {
        const scaled = {
            ...limits,
            findingsPerRule: Math.max(1, Math.floor(limits.findingsPerRule * scale)),
            layers: Math.max(1, Math.floor(limits.layers * scale)),
            directories: Math.max(1, Math.floor(limits.directories * scale)),
            notices: Math.max(1, Math.floor(limits.notices * scale)),
        };
        const doc = new BoundedDocument(scaled);
        build(doc, scaled);
        rendered = doc.finish(note);
        if (!doc.truncated)
            break;
    }
    return rendered;
}
function block(text) {
    return { head: text, items: [], kind: 'row', hidden: 0, more: () => '', tail: '' };
}
/** A section that opens a wrapper with `head`, closed by `close` at the next `closeGroup()`. */
function openGroup(head, close) {
    return { ...block(head), opensGroup: close };
}
function closeGroup() {
    return { ...block(''), closesGroup: true };
}
/** Markdown that stays within a size: whole sections and items, never a cut table or tag. */
class BoundedDocument {
    limits;
    parts = [];
    size = 0;
    full = false;
    omittedFindings = 0;
    omittedRows = 0;
    /** Closing text of the open groups (undefined for one that did not open), innermost last. */
    closes = [];
    /** Room kept for the closing text of open groups. */
    reserved = 0;
    constructor(limits) {
        this.limits = limits;
    }
    /** Whether something did not fit. */
    get truncated() {
        return this.full;
    }
    add(section) {
        if (section.closesGroup) {
            const close = this.closes.pop();
            if (close === undefined)
                return;
            this.reserved -= this.limits.measure(close);
            this.push(close);
            return;
        }
        if (section.opensGroup !== undefined) {
            const close = section.opensGroup;
            // A group that does not open leaves nothing to close: its sections are left out with it.
            if (this.full || !this.fits(section.head, 0, close)) {
                this.full = true;
                this.closes.push(undefined);
                return;
            }
            this.push(section.head);
            this.closes.push(close);
            this.reserved += this.limits.measure(close);
            return;
        }
        const total = section.items.length + section.hidden;
        // The longest "more" line this section could need, so the tail always fits.
        const moreRoom = total > 0 ? this.limits.measure(section.more(total)) : 0;
        if (this.full || !this.fits(section.head, moreRoom, section.tail)) {
            this.full = true;
            this.omit(section.kind, total);
            return;
        }
        this.push(section.head);
        let shown = 0;
        for (const item of section.items) {
            const text = item();
            if (!this.fits(text, moreRoom, section.tail)) {
                this.full = true;
                break;
            }
            this.push(text);
            shown += 1;
        }
        this.omit(section.kind, section.items.length - shown);
        if (total > shown)
            this.push(section.more(total - shown));
        this.push(section.tail);
    }
    finish(note) {
        // Groups a caller left open are closed: their room was kept.
        for (const close of this.closes.splice(0).reverse())
            if (close !== undefined)
                this.push(close);
        if (!this.full)
            return `${this.parts.join('').trimEnd()}\n`;
        const left = [this.omittedFindings > 0 && plural(this.omittedFindings, 'finding'), this.omittedRows > 0 && plural(this.omittedRows, 'table row')].filter((part) => part !== false);
        return `${this.parts.join('').trimEnd()}\n\n${note(left.length === 0 ? 'the rest' : joinWords(left))}`;
    }
    fits(text, moreRoom, tail) {
        const available = this.limits.maxSize - TRUNCATION_NOTE_RESERVE;
        return this.size + this.reserved + this.limits.measure(text) + moreRoom + this.limits.measure(tail) <= available;
    }
    push(text) {
        this.parts.push(text);
        this.size += this.limits.measure(text);
    }
    omit(kind, count) {
        if (kind === 'finding')
            this.omittedFindings += count;
        else
            this.omittedRows += count;
    }
}
function joinWords(words) {
    return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

;// CONCATENATED MODULE: ./src/report/markdown-sections.ts




// Untrusted text is cut before escaping, so an escape sequence is never split.
const MAX_NAME = 100;
const markdown_sections_MAX_MESSAGE = 500;
const markdown_sections_MAX_PATH = 300;
const MAX_INSTRUCTION = 200;
const markdown_sections_MAX_HINT = 500;
const MAX_REFERENCE = 200;
const MAX_HINTS_PER_RULE = 3;
const MIB = 1024 * 1024;
const FAIL_ON_TEXT = {
    error: 'fails on errors',
    warning: 'fails on warnings',
    never: 'never fails',
    'new-error': 'fails on new errors',
    'new-warning': 'fails on new warnings',
};
/** What the comment and the summary show of one image: its line, findings by rule, baseline tables, layer sizes. */
function imageSections(image, options, limits) {
    const heading = '#'.repeat(limits.headingLevel);
    const sections = [block(`${imageLine(image)}\n\n`)];
    sections.push(...findingSections(image, options, limits, heading));
    const baseline = image.baseline;
    if (baseline) {
        const changes = [...baseline.layers.added, ...baseline.layers.removed];
        if (changes.length > 0) {
            const rows = changes.map((layer) => () => `| ${layer.change === 'added' ? '➕ added' : '➖ removed'} | ${layer.index} | ${(0,common_sizes/* formatSize */.Xq)(layer.size)} | ${instructionCell(layer.instruction ?? (layer.diffId === undefined ? undefined : shortDigest(layer.diffId)))} |\n`);
            sections.push(table(`${heading} Layers that differ from the baseline\n\n| Change | Layer | Size | Instruction |\n| :-- | --: | --: | :-- |\n`, rows, limits.layers, (count) => `\n_… and ${plural(count, 'more layer')}: see ${limits.fullList}._\n`));
        }
        if (baseline.directories.length > 0) {
            const rows = baseline.directories.map((dir) => () => `| ${tableCode(truncateText(dir.path, markdown_sections_MAX_PATH))} | ${(0,common_sizes/* formatSize */.Xq)(dir.before)} | ${(0,common_sizes/* formatSize */.Xq)(dir.after)} | ${signedSize(dir.delta)} |\n`);
            sections.push(table(`${heading} Directories by growth\n\n| Directory | Before | After | Change |\n| :-- | --: | --: | --: |\n`, rows, limits.directories, (count) => `\n_… and ${plural(count, 'more directory', 'more directories')}: see ${limits.fullList}._\n`));
        }
    }
    const layerSizes = layerSizesSection(image, limits, heading);
    if (layerSizes)
        sections.push(layerSizes);
    return sections;
}
function headline(passed, errors, warnings, subject) {
    const counts = countsText(errors, warnings);
    return `### ${verdictIcon(passed, errors, warnings)} distroless-guard: ${counts === '' ? 'all clear' : counts} in ${escapeMarkdown(truncateText(subject, MAX_NAME))}`;
}
function verdictIcon(passed, errors, warnings) {
    if (!passed)
        return '❌';
    return errors + warnings > 0 ? '⚠️' : '✅';
}
function metaLine(report, images, runUrl) {
    const failOn = FAIL_ON_TEXT[report.failOn];
    const parts = [`Policy ${inlineCode(truncateText(report.policy, MAX_REFERENCE))} (${failOn})`];
    const waived = images.reduce((sum, image) => sum + image.waived, 0);
    if (waived > 0)
        parts.push(`${plural(waived, 'finding')} waived by exceptions`);
    if (runUrl !== undefined)
        parts.push(markdownLink('workflow run', runUrl));
    return parts.join(' · ');
}
/** One row per image: verdict, sizes, change against the baseline, counts. */
function imagesTable(images) {
    const rows = images.map((image) => () => {
        const shown = image.baseline?.compressed ?? image.baseline?.uncompressed;
        const delta = shown ? sizeDeltaText(shown) : '—';
        const compressed = image.size.compressed === undefined ? '—' : (0,common_sizes/* formatSize */.Xq)(image.size.compressed);
        const name = `${verdictIcon(image.passed, image.errors, image.warnings)} ${escapeMarkdown(truncateText(image.name, MAX_NAME))}`;
        return `| ${name} | ${escapeMarkdown(truncateText(image.platform, MAX_NAME))} | ${compressed} | ${(0,common_sizes/* formatSize */.Xq)(image.size.uncompressed)} | ${delta} | ${image.size.layers} | ${image.errors.toLocaleString('en-US')} | ${image.warnings.toLocaleString('en-US')} |\n`;
    });
    return {
        head: '| Image | Platform | Compressed | Uncompressed | Δ vs baseline | Layers | Errors | Warnings |\n| :-- | :-- | --: | --: | --: | --: | --: | --: |\n',
        items: rows,
        kind: 'row',
        hidden: 0,
        more: (count) => `\n_… and ${plural(count, 'more image')}._\n`,
        tail: '\n',
    };
}
function imageLine(image) {
    const parts = [`Image ${inlineCode(truncateText(image.reference, MAX_REFERENCE))}`];
    if (image.digest !== undefined)
        parts.push(inlineCode(shortDigest(image.digest)));
    const baseline = image.baseline;
    if (baseline) {
        const sizes = [
            baseline.compressed && `compressed ${sizeDeltaText(baseline.compressed)}`,
            baseline.uncompressed && `uncompressed ${sizeDeltaText(baseline.uncompressed)}`,
        ]
            .filter(Boolean)
            .join(', ');
        const { shared, added, removed } = baseline.layers;
        parts.push(`compared with ${inlineCode(truncateText(baseline.reference, MAX_REFERENCE))}: ${sizes}; layers ${shared} shared, ${added.length} added, ${removed.length} removed`);
    }
    return parts.join(' · ');
}
function findingSections(image, options, limits, heading) {
    const baseline = image.baseline?.findingsKnown === true ? image.baseline : undefined;
    const fixed = baseline?.fixed ?? 0;
    if (image.findings.length === 0 && fixed === 0)
        return [];
    if (!baseline)
        return [block(`${heading} Findings\n\n`), ...ruleSections(image.findings, options, limits)];
    // Against a baseline: what the pull request adds first, what was there before folded away.
    const fresh = image.findings.filter((finding) => finding.new === true);
    const known = image.findings.filter((finding) => finding.new !== true);
    const sections = [block(`${heading} New in this pull request\n\n`)];
    if (fixed > 0)
        sections.push(block(`✅ ${plural(fixed, 'finding')} of the base branch ${fixed === 1 ? 'is' : 'are'} gone.\n\n`));
    if (fresh.length === 0 && known.length > 0)
        sections.push(block('No new findings: every finding is already on the base branch.\n\n'));
    if (image.findings.length === 0)
        sections.push(block('No findings left.\n\n'));
    sections.push(...ruleSections(fresh, options, limits));
    if (known.length > 0) {
        sections.push(openGroup(`<details><summary>Already on the base branch: ${plural(known.length, 'finding')}</summary>\n\n`, '</details>\n\n'));
        sections.push(...ruleSections(known, options, limits), closeGroup());
    }
    return sections;
}
/** One section per rule, errors and larger groups first, each with its hints and findings. */
function ruleSections(findings, options, limits) {
    const groups = new Map();
    for (const finding of findings) {
        const group = groups.get(finding.rule);
        if (group)
            group.push(finding);
        else
            groups.set(finding.rule, [finding]);
    }
    const ordered = [...groups].sort(([ruleA, a], [ruleB, b]) => levelRank(a) - levelRank(b) || b.length - a.length || (ruleA < ruleB ? -1 : ruleA > ruleB ? 1 : 0));
    return ordered.map(([rule, group]) => {
        const level = group.some((finding) => finding.level === 'error') ? 'error' : 'warning';
        const summary = [level, plural(group.length, 'finding')].join(' · ');
        const hints = [...new Set(group.flatMap((finding) => (finding.hint === undefined ? [] : [finding.hint])))].slice(0, MAX_HINTS_PER_RULE);
        const hintBlock = hints.length === 0 ? '' : `> 💡 ${hints.map((hint) => escapeMarkdown(truncateText(hint, markdown_sections_MAX_HINT))).join('<br>💡 ')}\n\n`;
        const shown = group.slice(0, limits.findingsPerRule);
        return {
            head: `**${level === 'error' ? '❌' : '⚠️'} ${linkAround(inlineCode(rule), options.rulesDocUrl(rule))}** · ${summary}\n\n${hintBlock}`,
            items: shown.map((finding) => () => findingItem(finding, options)),
            kind: 'finding',
            hidden: group.length - shown.length,
            more: (count) => `- … and ${plural(count, `more ${rule} finding`)}: see ${limits.fullList}.\n`,
            tail: '\n',
        };
    });
}
function levelRank(findings) {
    return findings.some((finding) => finding.level === 'error') ? 0 : 1;
}
function findingItem(finding, options) {
    const parts = [escapeMarkdown(truncateText(finding.message, markdown_sections_MAX_MESSAGE))];
    if (finding.path !== undefined)
        parts.push(inlineCode(truncateText(finding.path, markdown_sections_MAX_PATH)));
    if (finding.location)
        parts.push(locationLink(finding.location, options));
    else if (finding.layer !== undefined)
        parts.push(`layer ${finding.layer}`);
    return `- ${parts.join(' · ')}\n`;
}
function locationLink(location, options) {
    const text = `${truncateText(location.file, markdown_sections_MAX_PATH)}:${location.line}`;
    return markdownLink(text, options.dockerfileUrl?.(location));
}
function layerSizesSection(image, limits, heading) {
    const layers = image.facts.sizes.layers;
    if (layers.length === 0)
        return undefined;
    // With too many layers, the largest ones tell the story; they stay in image order.
    const kept = new Set([...layers]
        .sort((a, b) => b.uncompressed - a.uncompressed || a.index - b.index)
        .slice(0, limits.layers)
        .map((layer) => layer.index));
    const shown = layers.filter((layer) => kept.has(layer.index));
    const chart = [
        '```mermaid',
        'xychart-beta',
        `    title "Uncompressed size per layer (MiB)"`,
        `    x-axis "Layer" [${shown.map((layer) => `"${layer.index}"`).join(', ')}]`,
        '    y-axis "MiB"',
        `    bar [${shown.map((layer) => (layer.uncompressed / MIB).toFixed(2)).join(', ')}]`,
        '```',
    ].join('\n');
    const rows = shown.map((layer) => () => {
        const compressed = layer.compressed === undefined ? '—' : (0,common_sizes/* formatSize */.Xq)(layer.compressed);
        const uncompressed = layer.absent === undefined ? (0,common_sizes/* formatSize */.Xq)(layer.uncompressed) : 'not read';
        return `| ${layer.index} | ${compressed} | ${uncompressed} | ${instructionCell(image.facts.layerCommands[layer.index])} |\n`;
    });
    return {
        head: `${heading} Layer sizes\n\n${chart}\n\n<details><summary>Layer sizes as a table</summary>\n\n| Layer | Compressed | Uncompressed | Instruction |\n| --: | --: | --: | :-- |\n`,
        items: rows,
        kind: 'row',
        hidden: layers.length - shown.length,
        more: (count) => `\n_… and ${plural(count, 'smaller layer')}: see ${limits.fullList}._\n`,
        tail: '\n</details>\n\n',
    };
}
function noticesSection(notices, limits) {
    const shown = notices.slice(0, limits.notices);
    return {
        head: '**Notes**\n\n',
        items: shown.map((notice) => () => `- ${escapeMarkdown(truncateText(notice, markdown_sections_MAX_MESSAGE))}\n`),
        kind: 'row',
        hidden: notices.length - shown.length,
        more: (count) => `- … and ${plural(count, 'more note')}.\n`,
        tail: '\n',
    };
}
function table(head, rows, limit, more) {
    const shown = rows.slice(0, limit);
    return { head, items: shown, kind: 'row', hidden: rows.length - shown.length, more, tail: '\n' };
}
function instructionCell(instruction) {
    return instruction === undefined || instruction === '' ? '—' : tableCode(truncateText(instruction, MAX_INSTRUCTION));
}
function shortDigest(digest) {
    const match = /^(sha256:)([0-9a-f]{12})[0-9a-f]{52}$/.exec(digest);
    return match ? `${match[1]}${match[2]}` : digest;
}

;// CONCATENATED MODULE: ./src/report/migration.ts
// The migration plan for people (text, Markdown) and programs (JSON). Everything in a plan comes
// from an image: sanitized for the terminal, escaped for Markdown.


const MIGRATION_FORMATS = (/* unused pure expression or super */ null && (['text', 'json', 'markdown']));
/** How many COPY lines, libraries and notes a rendering lists before it says how many more there are. */
const LIST_LIMIT = 200;
function percent(plan) {
    if (plan.size.current <= 0)
        return '';
    const change = Math.round((1 - plan.size.estimated / plan.size.current) * 100);
    return change >= 0 ? ` (${change}% smaller)` : ` (${-change}% larger)`;
}
function bounded(items, line) {
    const lines = items.slice(0, LIST_LIMIT).map(line);
    if (items.length > LIST_LIMIT)
        lines.push(`… and ${items.length - LIST_LIMIT} more`);
    return lines;
}
function addedLibraries(plan) {
    return plan.libraries.filter((library) => library.from === 'copied');
}
function renderMigration(plan, format, options = {}) {
    if (format === 'json')
        return `${JSON.stringify({ ...plan, ...(options.written ? { written: options.written } : {}) }, null, 2)}\n`;
    return format === 'markdown' ? migrationMarkdown(plan, options) : migrationText(plan, options);
}
function migrationText(plan, options = {}) {
    const t = (text) => singleLine(text);
    const lines = [`distroless-guard migrate: ${t(plan.image)} (${t(plan.platform)})`, ''];
    if (plan.status === 'blocked') {
        lines.push(`Blocked: ${plan.blocked?.path ? `${t(plan.blocked.path)}: ` : ''}${t(plan.blocked?.reason ?? '')}`);
    }
    else if (plan.base) {
        lines.push(`Base: ${t(plan.base.image)}`, `  why: ${t(plan.base.reason)}`);
        if (plan.program)
            lines.push(`Program: ${t(plan.program.path)}${plan.program.via ? ` (through ${t(plan.program.via)})` : ''}`);
        lines.push(`Copies: ${plan.copies.length} COPY lines, ${plan.size.files} files, ${formatSize(plan.size.copied)}`);
        lines.push(...bounded(plan.copies, (copy) => `  ${t(copy.source)}${copy.destination !== copy.source ? ` -> ${t(copy.destination)}` : ''} (${copy.role}, ${formatSize(copy.bytes)})`));
        const added = addedLibraries(plan);
        lines.push(`Libraries added: ${added.length === 0 ? 'none' : added.map((library) => t(library.name)).join(', ')}`);
        lines.push(`Size: about ${formatSize(plan.size.estimated)} uncompressed (base about ${formatSize(plan.size.base)}), ${formatSize(plan.size.current)} today${percent(plan)}`);
    }
    const section = (title, items) => {
        if (items.length === 0)
            return;
        lines.push(`${title}:`, ...bounded(items, (item) => `  - ${t(item)}`));
    };
    section('Not carried over', plan.notCarried);
    section('Notes', plan.notes);
    section('Relied on', plan.facts);
    if (plan.dockerfile) {
        lines.push('');
        if (options.written)
            lines.push(`Dockerfile written to ${t(options.written)}`);
        else
            lines.push('Dockerfile:', sanitizeText(plan.dockerfile).trimEnd());
    }
    return `${lines.join('\n')}\n`;
}
/** A fenced code block whose fence is longer than any backtick run inside. */
function codeBlock(text, language) {
    const run = Math.max(2, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
    const fence = '`'.repeat(run + 1);
    return `${fence}${language}\n${escape_sanitizeText(text).trimEnd()}\n${fence}`;
}
function migrationMarkdown(plan, options = {}) {
    const md = (text) => escapeMarkdown(text);
    const lines = options.heading === false ? [] : [`### Path to distroless: ${inlineCode(plan.image)} (${md(plan.platform)})`, ''];
    if (plan.status === 'blocked') {
        lines.push(`**Blocked**: ${plan.blocked?.path ? `${inlineCode(plan.blocked.path)}: ` : ''}${md(plan.blocked?.reason ?? '')}`, '');
    }
    else if (plan.base) {
        const added = addedLibraries(plan);
        lines.push(`- **Base**: ${inlineCode(plan.base.image)}: ${md(plan.base.reason)}`, ...(plan.program ? [`- **Program**: ${inlineCode(plan.program.path)}${plan.program.via ? ` (through ${inlineCode(plan.program.via)})` : ''}`] : []), `- **Copied**: ${plan.copies.length} COPY lines, ${plan.size.files} files, ${(0,common_sizes/* formatSize */.Xq)(plan.size.copied)}`, `- **Libraries added**: ${added.length === 0 ? 'none' : added.map((library) => inlineCode(library.name)).join(', ')}`, `- **Size**: about ${(0,common_sizes/* formatSize */.Xq)(plan.size.estimated)} uncompressed, ${(0,common_sizes/* formatSize */.Xq)(plan.size.current)} today${percent(plan)}`, '');
    }
    const section = (title, items) => {
        if (items.length === 0)
            return;
        lines.push(`**${title}**`, '', ...bounded(items, (item) => `- ${md(item)}`), '');
    };
    section('Not carried over', plan.notCarried);
    section('Notes', plan.notes);
    section('Relied on', plan.facts);
    if (plan.dockerfile) {
        if (options.written)
            lines.push(`Dockerfile written to ${inlineCode(options.written)}:`, '');
        lines.push(codeBlock(plan.dockerfile, 'dockerfile'), '');
    }
    return `${lines.join('\n').trimEnd()}\n`;
}
/** The collapsed "Path to distroless" section of a pull-request comment and the job summary. */
function migrationSection(plan, written) {
    const verdict = plan.status === 'planned' && plan.base ? `: ${escapeMarkdown(plan.base.image)}` : ': blocked';
    return `<details><summary>Path to distroless${verdict}</summary>\n\n${migrationMarkdown(plan, { heading: false, written })}\n</details>\n\n`;
}

;// CONCATENATED MODULE: ./src/report/markdown.ts




/** GitHub rejects comment bodies longer than this (characters). */
const COMMENT_LIMIT = 65_536;
/** GitHub rejects step summaries larger than this (bytes). */
const SUMMARY_LIMIT = 1024 * 1024;
// UTF-16 units are never fewer than characters, so counting them keeps a comment under the limit.
const COMMENT_LIMITS = {
    findingsPerRule: 50,
    layers: 20,
    directories: 15,
    notices: 10,
    maxSize: COMMENT_LIMIT,
    measure: (text) => text.length,
    headingLevel: 4,
};
const SUMMARY_LIMITS = {
    findingsPerRule: 200,
    layers: 50,
    directories: 30,
    notices: 50,
    maxSize: SUMMARY_LIMIT,
    measure: (text) => Buffer.byteLength(text, 'utf8'),
    headingLevel: 5,
};
/** The sticky pull request comment for one image. */
function renderImageComment(report, image, options) {
    const fullList = options.runUrl === undefined ? 'the job summary and the JSON report' : `the ${markdownLink('job summary', options.runUrl)} and the JSON report`;
    return renderWithin({ ...COMMENT_LIMITS, fullList }, (doc, limits) => {
        doc.add(block(`${options.marker}\n${headline(image.passed, image.errors, image.warnings, image.name)}\n\n${metaLine(report, [image], options.runUrl)}\n\n`));
        doc.add(imagesTable([image]));
        for (const section of imageSections(image, options, limits))
            doc.add(section);
        addMigration(doc, image, options);
        if (report.notices.length > 0)
            doc.add(noticesSection(report.notices, limits));
    }, (left) => `> [!NOTE]\n> This comment was cut to stay under GitHub's limit of ${COMMENT_LIMIT.toLocaleString('en-US')} characters; left out: ${left}. The full list is in ${fullList}.\n`);
}
/** The job summary: every image, the same sections as the comment with longer lists. */
function renderSummary(report, options) {
    const errors = report.images.reduce((sum, image) => sum + image.errors, 0);
    const warnings = report.images.reduce((sum, image) => sum + image.warnings, 0);
    const subject = report.images.length === 1 ? report.images[0].name : `${report.images.length} images`;
    return renderWithin({ ...SUMMARY_LIMITS, fullList: 'the JSON report' }, (doc, limits) => {
        doc.add(block(`${headline(report.passed, errors, warnings, subject)}\n\n${metaLine(report, report.images, undefined)}\n\n`));
        doc.add(imagesTable(report.images));
        for (const image of report.images) {
            const platform = image.platform === '' ? '' : ` (${escapeMarkdown(truncateText(image.platform, MAX_NAME))})`;
            doc.add(block(`#### ${verdictIcon(image.passed, image.errors, image.warnings)} ${escapeMarkdown(truncateText(image.name, MAX_NAME))}${platform}\n\n`));
            for (const section of imageSections(image, options, limits))
                doc.add(section);
            addMigration(doc, image, options);
        }
        if (report.notices.length > 0)
            doc.add(noticesSection(report.notices, limits));
    }, (left) => `> [!NOTE]\n> This summary was cut to stay under the 1 MiB limit of job summaries; left out: ${left}. The full list is in the JSON report.\n`);
}
function addMigration(doc, image, options) {
    const migration = options.migrations?.get(image);
    if (migration)
        doc.add(block(migrationSection(migration.plan, migration.written)));
}

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 21 modules
var github = __webpack_require__(1758);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(9735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(6856);
;// CONCATENATED MODULE: ./src/action/github.ts



/**
 * The one octokit: GITHUB_API_URL for GitHub Enterprise, retries for 5xx, and throttling
 * that waits out primary and secondary rate limits a few times before giving up.
 */
function createOctokit(token, env, log) {
    return github/* getOctokit */.Q(token, {
        baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
        // The retry plugin's own defaults: 5xx retried 3 times with backoff, 4xx not. (A `request.retries`
        // here would make it retry every error, a read-only token's 403 included, without waiting.)
        retry: { retries: 3 },
        throttle: {
            onRateLimit: (retryAfter, options, _octokit, retryCount) => {
                log(`GitHub API rate limit on ${options.method} ${options.url}; retrying in ${retryAfter}s`);
                return retryCount < 2;
            },
            onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) => {
                log(`GitHub API secondary rate limit on ${options.method} ${options.url}; retrying in ${retryAfter}s`);
                return retryCount < 2;
            },
        },
    }, dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A);
}
/** The pull request this run belongs to, from the event payload; undefined outside pull requests. */
function pullRequestOf(event) {
    const pr = event.payload.pull_request;
    if (!pr || typeof pr.number !== 'number')
        return undefined;
    const head = pr.head?.sha;
    const base = pr.base?.sha;
    return {
        owner: event.repo.owner,
        repo: event.repo.repo,
        number: pr.number,
        headSha: typeof head === 'string' ? head : (event.sha ?? ''),
        ...(typeof base === 'string' ? { baseSha: base } : {}),
    };
}
/** A link to a Dockerfile line at a commit, for the comment and the summary. */
function dockerfileUrlAt(serverUrl, repository, sha) {
    return (location) => `${serverUrl}/${repository.owner}/${repository.repo}/blob/${sha}/${location.file.split('/').map(encodeURIComponent).join('/')}#L${location.line}`;
}
/** The status of a failed API call, when it was an HTTP answer. */
function httpStatus(error) {
    const status = error?.status;
    return typeof status === 'number' ? status : undefined;
}

;// CONCATENATED MODULE: ./src/action/comment.ts



/** The comment key: the image name, with the platform when one name covers several. */
function commentKey(report, image) {
    const sameName = report.images.filter((other) => other.name === image.name);
    return sameName.length > 1 ? `${image.name}@${image.platform}` : image.name;
}
function commentMarker(key) {
    // The key is untrusted text: keep the marker a well-formed HTML comment whatever it holds.
    return `<!-- distroless-guard:image=${key.replace(/-->|[\r\n]/g, '_')} -->`;
}
/** Findings, or a size change: the compressed one when known, the delta the comment's table shows. */
function changed(image) {
    const baseline = image.baseline;
    const delta = baseline?.compressed ?? baseline?.uncompressed;
    return image.findings.length > 0 || (delta !== undefined && delta.delta !== 0);
}
/**
 * Creates or updates one sticky comment per image, found by its hidden marker among comments by
 * the token's own user. A 403/404 (a fork's read-only token) becomes one warning; never a failure.
 */
async function postComments(report, context) {
    const { octokit, pr } = context;
    try {
        const self = await ownLogin(octokit);
        const own = (author) => (self === undefined ? author?.type === 'Bot' : author?.login === self);
        const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner: pr.owner, repo: pr.repo, issue_number: pr.number, per_page: 100 });
        for (const image of report.images) {
            const marker = commentMarker(commentKey(report, image));
            const body = renderImageComment(report, image, {
                marker,
                rulesDocUrl: context.rulesDocUrl,
                runUrl: context.runUrl,
                dockerfileUrl: dockerfileUrlAt(context.serverUrl, pr, pr.headSha),
                ...(context.migrations ? { migrations: context.migrations } : {}),
            });
            const existing = comments.find((comment) => comment.body?.includes(marker) && own(comment.user));
            if (existing) {
                await octokit.rest.issues.updateComment({ owner: pr.owner, repo: pr.repo, comment_id: existing.id, body });
                context.info(`updated the pull request comment for ${escape_singleLine(image.name)}`);
            }
            else if (context.mode === 'always' || changed(image)) {
                await octokit.rest.issues.createComment({ owner: pr.owner, repo: pr.repo, issue_number: pr.number, body });
                context.info(`commented on the pull request for ${escape_singleLine(image.name)}`);
            }
            else {
                context.info(`nothing to report for ${escape_singleLine(image.name)} and no earlier comment: no comment (comment: on-change)`);
            }
        }
    }
    catch (error) {
        context.warn(commentFailure(error, pr.number));
    }
}
/** The one warning for a comment that could not be written; the step's verdict stays as it was. */
function commentFailure(error, number) {
    const status = httpStatus(error);
    if (status === 403 || status === 404) {
        return `cannot comment on pull request #${number} (HTTP ${status}): the token is read-only, as on pull requests from forks; annotations, summary and reports are still written. See the fork-safe workflow in the README.`;
    }
    return `could not update the comment on pull request #${number}: ${error.message.split('\n')[0]}`;
}
/**
 * A personal token can ask who it is. An installation token (the workflow's, or a GitHub App's)
 * cannot: undefined then, and its comments are recognised as a bot's.
 */
async function ownLogin(octokit) {
    try {
        const { data } = await octokit.rest.users.getAuthenticated();
        return data.login;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/action/event.ts

function eventOf(env) {
    const path = env.GITHUB_EVENT_PATH;
    const payload = path && (0,external_node_fs_.existsSync)(path) ? JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8')) : {};
    return {
        name: env.GITHUB_EVENT_NAME ?? '',
        payload,
        sha: env.GITHUB_SHA,
        get repo() {
            if (env.GITHUB_REPOSITORY) {
                const [owner, repo] = env.GITHUB_REPOSITORY.split('/');
                return { owner, repo };
            }
            const repository = payload.repository;
            if (repository?.name && repository.owner?.login)
                return { owner: repository.owner.login, repo: repository.name };
            throw new Error("the GitHub event names no repository: GITHUB_REPOSITORY should be set, like 'owner/repo'");
        },
    };
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/action/policy-source.ts






/**
 * The policy as the pull request's base commit has it, read through the contents API, so that a
 * pull request cannot loosen the check it is held to; the checked-out copy is only compared.
 */
async function policyFromBase(octokit, base, path, workspace) {
    const file = repositoryPath(path, workspace);
    const commit = base.sha.slice(0, 12);
    const atBase = await readAtCommit(octokit, base, file);
    const local = (0,external_node_path_.resolve)(workspace, file);
    const atHead = (0,external_node_fs_.existsSync)(local) ? await (0,promises_.readFile)(local, 'utf8') : undefined;
    if (atBase === undefined) {
        const message = `the base commit ${commit} has no ${file}: using the built-in recommended policy`;
        if (atHead === undefined)
            return { policy: (0,src_policy/* builtinPolicy */.Kp)('recommended'), file, message, differs: false };
        return {
            policy: (0,src_policy/* builtinPolicy */.Kp)('recommended'),
            file,
            message: `this pull request adds ${file}, but with policy-source: base it is checked against the base commit, which has none (the built-in recommended policy applies); the new policy applies once merged`,
            differs: true,
        };
    }
    const { parsePolicy } = await Promise.all(/* import() */[__webpack_require__.e(463), __webpack_require__.e(815), __webpack_require__.e(999)]).then(__webpack_require__.bind(__webpack_require__, 6999));
    const policy = parsePolicy(atBase, `${file}@${commit}`);
    if (atHead === atBase)
        return { policy, file, message: `policy: ${file} as of the base commit ${commit}`, differs: false };
    const change = atHead === undefined ? 'deletes' : 'changes';
    return {
        policy,
        file,
        message: `this pull request ${change} ${file}, but with policy-source: base it is checked against the base commit's copy (${commit}); the change applies once merged`,
        differs: true,
    };
}
/** The policy path as the contents API names it: relative to the repository root, with `/`. */
function repositoryPath(path, workspace) {
    const inside = (0,external_node_path_.relative)(workspace, (0,external_node_path_.resolve)(workspace, path));
    if (inside === '' || inside.startsWith('..') || (0,external_node_path_.isAbsolute)(inside)) {
        throw new errors/* UserError */.yo(`input policy: ${path} is outside the repository (${workspace}), so policy-source: base cannot read it from the base commit`);
    }
    return inside.split(external_node_path_.sep).join('/');
}
async function readAtCommit(octokit, at, file) {
    const where = `${file} at the base commit ${at.sha.slice(0, 12)}`;
    let data;
    try {
        ({ data } = await octokit.rest.repos.getContent({ owner: at.owner, repo: at.repo, path: file, ref: at.sha }));
    }
    catch (error) {
        const status = httpStatus(error);
        if (status === 404)
            return undefined;
        const reason = `${status === undefined ? '' : `HTTP ${status}: `}${(0,errors/* messageOf */.bD)(error).split('\n')[0]}`;
        throw new errors/* UserError */.yo(`policy-source base: cannot read ${where} (${reason}); the token needs contents: read`);
    }
    if (Array.isArray(data) || data.type !== 'file')
        throw new errors/* UserError */.yo(`policy-source base: ${where} is not a file`);
    if (data.encoding !== 'base64')
        throw new errors/* UserError */.yo(`policy-source base: ${where} is too large for the contents API`);
    return Buffer.from(data.content, 'base64').toString('utf8');
}

// EXTERNAL MODULE: ./src/facts/capture.ts
var facts_capture = __webpack_require__(5401);
// EXTERNAL MODULE: ./src/facts/dpkg-files.ts
var dpkg_files = __webpack_require__(6255);
// EXTERNAL MODULE: ./src/facts/index.ts + 6 modules
var src_facts = __webpack_require__(264);
// EXTERNAL MODULE: ./src/image/collectors.ts
var collectors = __webpack_require__(6749);
// EXTERNAL MODULE: ./src/image/filesystem.ts
var filesystem = __webpack_require__(422);
// EXTERNAL MODULE: ./src/image/sources/index.ts + 11 modules
var sources = __webpack_require__(5757);
;// CONCATENATED MODULE: ./src/migrate/bases.ts
// The distroless base images as a table: what each provides, for which Debian releases, and about
// how large it is. Source: /work/shared/DISTROLESS-BASES.md (read from
// GoogleContainerTools/distroless at cd08076: */config.bzl, common/variables.bzl). Where that page
// and the images disagree, the images win: change this table, not the planner.
/** glibc's shared objects (Debian's libc6) and its loaders, one per architecture. */
const GLIBC = [
    'libc.so.6',
    'libm.so.6',
    'libpthread.so.0',
    'libdl.so.2',
    'librt.so.1',
    'libresolv.so.2',
    'libutil.so.1',
    'libanl.so.1',
    'libnsl.so.1',
    'libBrokenLocale.so.1',
    'libmvec.so.1',
    'libnss_files.so.2',
    'libnss_dns.so.2',
    'libnss_compat.so.2',
    'libnss_hesiod.so.2',
    'libc_malloc_debug.so.0',
    'libthread_db.so.1',
    'ld-linux-x86-64.so.2',
    'ld-linux-aarch64.so.1',
    'ld-linux-armhf.so.3',
    'ld-linux.so.2',
    'ld64.so.2',
    'ld64.so.1',
    'ld-linux-riscv64-lp64d.so.1',
];
const OPENSSL = ['libssl.so.3', 'libcrypto.so.3'];
/** debian13's base adds libzstd1 and zlib1g (OpenSSL 3.5 links them). */
const BASE13_EXTRA = ['libzstd.so.1', 'libz.so.1'];
const CC = ['libstdc++.so.6', 'libgcc_s.so.1', 'libgomp.so.1'];
const JAVA_EXTRA = [
    'libz.so.1',
    'libjpeg.so.62',
    'liblcms2.so.2',
    'libfreetype.so.6',
    'libexpat.so.1',
    'libfontconfig.so.1',
    'libuuid.so.1',
    'libbrotlidec.so.1',
    'libbrotlicommon.so.1',
    'libcrypt.so.1',
    'libpng16.so.16',
    'libbz2.so.1.0',
];
const PYTHON_EXTRA = [
    'libbz2.so.1.0',
    'libexpat.so.1',
    'liblzma.so.5',
    'libsqlite3.so.0',
    'libuuid.so.1',
    'libncursesw.so.6',
    'libtinfo.so.6',
    'libz.so.1',
    'libcom_err.so.2',
    'libcrypt.so.1',
    'libgssapi_krb5.so.2',
    'libk5crypto.so.3',
    'libkeyutils.so.1',
    'libkrb5.so.3',
    'libkrb5support.so.0',
    'libnsl.so.2',
    'libreadline.so.8',
    'libtirpc.so.3',
    'libffi.so.8',
    'libpython3.13.so.1.0',
];
const bases_MIB = 1024 * 1024;
// Uncompressed sizes (layer tar bytes, as `check` counts them) of images built from the same Debian
// packages as distroless' debian12 amd64 images (measured 2026-12 on the test stand-ins; the
// packages' Installed-Size gives the same within 10%). debian13 is taken to be the same size.
const STATIC_SIZE = 2_860_544;
/** + libc6. */
const BASE_NOSSL_SIZE = 15_702_528;
/** + libssl3. */
const BASE_SIZE = 21_371_904;
/** + libgcc-s1, libstdc++6, libgomp1, gcc-12-base. */
const CC_SIZE = 24_120_832;
const BOTH = ['debian12', 'debian13'];
const TRIXIE = ['debian13'];
/** Smallest first: the planner takes the first base that has what the program needs. */
const BASES = [
    { name: 'static', releases: BOTH, libraries: [], size: STATIC_SIZE, provides: 'no C library: for statically linked programs' },
    { name: 'base-nossl', releases: BOTH, libraries: [...GLIBC], size: BASE_NOSSL_SIZE, provides: 'glibc' },
    { name: 'base', releases: BOTH, libraries: [...GLIBC, ...OPENSSL], size: BASE_SIZE, provides: 'glibc and OpenSSL (libssl3)' },
    { name: 'cc', releases: BOTH, libraries: [...GLIBC, ...OPENSSL, ...CC], size: CC_SIZE, provides: 'glibc, OpenSSL, libstdc++, libgcc_s and libgomp' },
    ...['17', '21', '25'].map((version) => ({
        name: `java${version}`,
        releases: TRIXIE,
        libraries: [...GLIBC, ...OPENSSL, ...CC, ...JAVA_EXTRA],
        size: CC_SIZE + 8 * bases_MIB + 130 * bases_MIB,
        runtime: { kind: 'java', program: '/usr/bin/java', version },
        provides: `a Temurin ${version} JRE at /usr/bin/java`,
    })),
    {
        name: 'python3',
        releases: TRIXIE,
        libraries: [...GLIBC, ...OPENSSL, ...BASE13_EXTRA, ...PYTHON_EXTRA],
        size: BASE_SIZE + 40 * bases_MIB,
        runtime: { kind: 'python', program: '/usr/bin/python3', version: '3.13' },
        provides: 'CPython 3.13 at /usr/bin/python3',
    },
    ...['22', '24', '26'].map((version) => ({
        name: `nodejs${version}`,
        releases: TRIXIE,
        libraries: [...GLIBC, ...OPENSSL, ...CC],
        size: CC_SIZE + 110 * bases_MIB,
        runtime: { kind: 'node', program: '/nodejs/bin/node', version },
        provides: `Node.js ${version} at /nodejs/bin/node`,
    })),
];
/** The libraries a base has for a release (debian13's base family adds zstd and zlib). */
function baseLibraries(base, release) {
    const extra = release === 'debian13' && base.name !== 'static' && base.name !== 'base-nossl' ? BASE13_EXTRA : [];
    return new Set([...base.libraries, ...extra]);
}
function baseNamed(name) {
    return BASES.find((base) => base.name === name);
}
/** The release suffix for the source's os-release: bookworm → debian12, trixie → debian13. */
const DEBIAN_RELEASES = { '12': 'debian12', '13': 'debian13' };
const DEFAULT_RELEASE = 'debian12';
/** What every distroless image sets: a PATH equal to it is not written again. */
const DISTROLESS_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const NONROOT_UID = 65532;
const DEFAULT_REGISTRY = 'gcr.io/distroless';
/** Architectures distroless publishes (Debian names through OCI names). */
const ARCHITECTURES = {
    amd64: BOTH,
    arm64: BOTH,
    arm: BOTH,
    s390x: BOTH,
    ppc64le: BOTH,
    riscv64: TRIXIE,
};
/** Directories every distroless image has: copied into, never over (a whole-directory COPY stops below them). */
const BASE_DIRECTORIES = new Set([
    '/',
    '/bin',
    '/boot',
    '/dev',
    '/etc',
    '/home',
    '/lib',
    '/lib64',
    '/opt',
    '/proc',
    '/root',
    '/run',
    '/sbin',
    '/srv',
    '/sys',
    '/tmp',
    '/usr',
    '/usr/bin',
    '/usr/lib',
    '/usr/lib64',
    '/usr/local',
    '/usr/local/bin',
    '/usr/local/lib',
    '/usr/local/sbin',
    '/usr/local/share',
    '/usr/sbin',
    '/usr/share',
    '/var',
    '/var/lib',
    '/etc/ssl',
    '/etc/ssl/certs',
    '/home/nonroot',
]);

;// CONCATENATED MODULE: ./src/migrate/app-files.ts


/**
 * What is never the app's, though a layer above the OS base may have written it: package state,
 * caches, logs, scratch space, the user database (the result keeps the base's; the plan writes
 * USER as numbers), files the runtime mounts over, and what maintainer scripts generate (the
 * alternatives, the CA bundle, ld.so.cache), which the distroless base brings its own of.
 */
const EXCLUDED_TREES = [
    '/var/lib/apt',
    '/var/lib/dpkg',
    '/var/lib/systemd',
    '/var/lib/ucf',
    '/var/lib/pam',
    '/var/lib/python',
    '/var/lib/misc',
    '/var/cache',
    '/var/log',
    '/var/mail',
    '/var/spool',
    '/var/tmp',
    '/var/run',
    '/tmp',
    '/run',
    '/dev',
    '/proc',
    '/sys',
    '/root/.cache',
    '/root/.npm',
    '/usr/share/doc',
    '/usr/share/man',
    '/usr/share/info',
    '/usr/share/lintian',
    '/etc/apt',
    '/etc/alternatives',
    '/etc/ssl/certs',
    '/etc/ca-certificates.conf',
    '/usr/local/share/ca-certificates',
    '/etc/ld.so.cache',
    '/etc/hostname',
    '/etc/hosts',
    '/etc/resolv.conf',
    '/etc/mtab',
    '/etc/machine-id',
    '/etc/localtime',
    '/etc/timezone',
    '/etc/.pwd.lock',
    '/etc/subuid',
    '/etc/subgid',
    '/etc/systemd',
    '/etc/default',
    '/.dockerenv',
];
const USER_DATABASE = /^\/etc\/(passwd|group|shadow|gshadow|subuid|subgid)-?$/;
/** Shell start-up files useradd copies from /etc/skel, and a shell's or tool's traces in a home directory. */
const HOME_LEFTOVERS = /^\/(root|home\/[^/]+)\/\.(bashrc|profile|bash_logout|bash_history|cache|npm|wget-hsts|lesshst|viminfo|selected_editor)(\/|$)/;
/** Byte code Debian's python packages compile at install time. */
const PACKAGE_BYTECODE = /^\/usr\/lib\/python3[^/]*\/.*\/__pycache__(\/|$)/;
function isExcluded(path, extraTrees = []) {
    const under = (tree) => path === tree || path.startsWith(`${tree}/`);
    return EXCLUDED_TREES.some(under) || extraTrees.some(under) || USER_DATABASE.test(path) || HOME_LEFTOVERS.test(path) || PACKAGE_BYTECODE.test(path);
}
/**
 * The files the image's own layers added above its OS base that no package owns, outside caches
 * and package state: as few COPY lines as carry them, a directory whole when everything under it
 * is the app's (and it is not one of the base's own directories), else its parts.
 */
function appFiles(tree, options) {
    const special = [];
    const isApp = (node) => node.layer > options.osBaseLayer && !isExcluded(node.path, options.excludedTrees) && !(options.ownership?.owns(node.path) ?? false);
    const chownOf = (node) => (node.uid !== 0 || node.gid !== 0 ? `${node.uid}:${node.gid}` : undefined);
    const fileSize = (node) => (node.type === 'hardlink' ? (tree.resolve(node.path)?.node.size ?? 0) : node.size);
    const leaf = (node) => {
        if (!isApp(node))
            return { whole: false, files: 0, bytes: 0, copies: [], lost: [] };
        if (node.type === 'file' || node.type === 'hardlink')
            return { whole: true, files: 1, bytes: fileSize(node), copies: [], lost: [] };
        if (node.type === 'symlink') {
            const resolved = tree.resolve(node.path);
            if (resolved && (resolved.node.type === 'file' || resolved.node.type === 'hardlink')) {
                // Inside a directory copied whole the link stays a link; alone, its file is copied under its name.
                const copy = { source: resolved.path, destination: node.path, type: 'file', files: 1, bytes: fileSize(resolved.node), role: 'app' };
                const chown = chownOf(resolved.node);
                return { whole: true, files: 1, bytes: copy.bytes, copies: [chown ? { ...copy, chown } : copy], lost: [] };
            }
            return { whole: true, files: 0, bytes: 0, copies: [], lost: [{ path: node.path, target: node.target ?? '' }] };
        }
        special.push(node.path);
        return { whole: false, files: 0, bytes: 0, copies: [], lost: [] };
    };
    const open = (node) => ({ node, whole: isApp(node) && !BASE_DIRECTORIES.has(node.path), files: 0, bytes: 0, children: [] });
    const add = (frame, node, visited) => {
        frame.whole &&= visited.whole;
        frame.files += visited.files;
        frame.bytes += visited.bytes;
        frame.children.push({ node, visited });
    };
    const close = (frame) => {
        // Copied whole (here or by an ancestor): its links come along.
        if (frame.whole)
            return { whole: true, files: frame.files, bytes: frame.bytes, copies: [], lost: [] };
        const copies = frame.children.flatMap(({ node, visited }) => (visited.whole ? wholeCopy(node, visited) : visited.copies));
        const lost = frame.children.flatMap(({ visited }) => visited.lost);
        return { whole: false, files: frame.files, bytes: frame.bytes, copies, lost };
    };
    const wholeCopy = (node, visited) => {
        if (node.type === 'symlink') {
            // A link alone: its resolved file (in `copies`), or nothing (in `lost`).
            return visited.copies;
        }
        const chown = chownOf(node);
        const copy = {
            source: node.path,
            destination: node.path,
            type: node.type === 'dir' ? 'dir' : 'file',
            files: visited.files,
            bytes: visited.bytes,
            role: 'app',
        };
        return [chown ? { ...copy, chown } : copy];
    };
    // Iterative, in walk order (parents before children, names sorted): a deep tree cannot exhaust the stack.
    const stack = [
        { node: { path: '/', type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0, layer: -1 }, whole: false, files: 0, bytes: 0, children: [] },
    ];
    for (const node of tree.walk('/')) {
        const parent = external_node_path_.posix.dirname(node.path);
        while (stack.length > 1 && stack[stack.length - 1].node.path !== parent) {
            const done = stack.pop();
            add(stack[stack.length - 1], done.node, close(done));
        }
        if (node.type === 'dir')
            stack.push(open(node));
        else
            add(stack[stack.length - 1], node, leaf(node));
    }
    while (stack.length > 1) {
        const done = stack.pop();
        add(stack[stack.length - 1], done.node, close(done));
    }
    const root = close(stack[0]);
    return { copies: root.copies, symlinks: root.lost, special };
}

;// CONCATENATED MODULE: ./src/migrate/choose-base.ts
// Which distroless base: the smallest of the family whose libraries the program needs, or the
// runtime image for java, python3 and node; the Debian release of the source where it exists.


const TIERS = [
    { name: 'base-nossl', names: new Set(GLIBC) },
    { name: 'base', names: new Set(['libssl.so.3', 'libcrypto.so.3']) },
    { name: 'cc', names: new Set(['libstdc++.so.6', 'libgcc_s.so.1', 'libgomp.so.1']) },
];
/** The release to match: bookworm → debian12, trixie → debian13; anything else → debian12, said so. */
function releaseOf(os, notes) {
    const major = os?.versionId?.split('.')[0];
    if (os?.id === 'debian' && major !== undefined && DEBIAN_RELEASES[major])
        return DEBIAN_RELEASES[major];
    const what = os ? `${os.prettyName ?? os.id ?? 'an unknown OS'} (${os.source})` : 'no os-release file';
    notes.push(`the source image has ${what}, not Debian 12 or 13: the plan uses -${DEFAULT_RELEASE}; libraries copied from it may need a newer glibc than that base has`);
    return DEFAULT_RELEASE;
}
function runtimeBase(kind, entry, env, notes) {
    if (kind === 'python') {
        const version = /python(3\.\d+)/.exec(external_node_path_.posix.basename(entry.program.path))?.[1] ?? env.get('PYTHON_VERSION')?.split('.').slice(0, 2).join('.');
        if (version !== undefined && version !== '3.13')
            notes.push(`the source runs Python ${version}; python3-debian13 has 3.13: compiled modules and site-packages built for ${version} may not load`);
        return baseNamed('python3');
    }
    const pick = (versions, found, fallback, what) => {
        if (found !== undefined && versions.includes(found))
            return found;
        const higher = versions.find((version) => found !== undefined && Number(version) > Number(found));
        const chosen = higher ?? fallback;
        notes.push(`${what} ${found ?? '(version unknown)'} has no distroless image: the plan uses ${chosen}; test the app on it`);
        return chosen;
    };
    if (kind === 'java') {
        const text = `${env.get('JAVA_VERSION') ?? ''} ${entry.program.path} ${env.get('JAVA_HOME') ?? ''}`;
        const found = /(?:jdk-?|jre-?|java-|openjdk-?|temurin-|^)(\d{1,2})(?:[.u+-]|\b)/.exec(text.trim())?.[1];
        return baseNamed(`java${pick(['17', '21', '25'], found, '21', 'Java')}`);
    }
    const found = env.get('NODE_VERSION')?.split('.')[0];
    return baseNamed(`nodejs${pick(['22', '24', '26'], found, '24', 'Node.js')}`);
}
/**
 * The base for a program: a runtime's image for java/python3/node; else the first of static,
 * base-nossl, base, cc that has every library of the family the closure names (libraries outside
 * the family are copied whatever the base). A static program (no PT_INTERP, no PT_DYNAMIC) gets static.
 */
function chooseBase(entry, os, env) {
    const notes = [];
    if (entry.runtime) {
        const base = runtimeBase(entry.runtime.kind, entry, env, notes);
        const release = 'debian13';
        const sourceRelease = releaseOf(os, []);
        if (sourceRelease !== release)
            notes.push(`${base.name} exists for debian13 only: the source's Debian release is not kept`);
        return { base, release, reason: `the entry point runs ${entry.runtime.kind}, which ${base.name} provides (${base.provides})`, notes };
    }
    const release = releaseOf(os, notes);
    const elf = entry.program.elf;
    if (!elf?.interpreter && !elf?.dynamic) {
        return { base: baseNamed('static'), release, reason: `${entry.program.path} is statically linked (no program interpreter)`, notes };
    }
    const names = new Set([...(entry.program.libraries?.libraries ?? []).map((library) => library.name)]);
    if (elf.interpreter)
        names.add(external_node_path_.posix.basename(elf.interpreter));
    let tier = 0;
    const why = [];
    TIERS.forEach(({ names: tierNames }, index) => {
        const needed = [...names].filter((name) => tierNames.has(name));
        if (needed.length > 0) {
            tier = index + 1;
            why.push(needed.join(', '));
        }
    });
    if (tier === 0) {
        return {
            base: baseNamed('static'),
            release,
            reason: `${entry.program.path} needs no glibc library (its loader ${elf.interpreter ?? 'none'} and libraries are copied)`,
            notes,
        };
    }
    const base = BASES.find((candidate) => candidate.name === TIERS[tier - 1].name);
    return { base, release, reason: `${entry.program.path} needs ${why.join('; ')}: ${base.name} has ${base.provides}`, notes };
}

// EXTERNAL MODULE: ./src/facts/executable-capture.ts + 2 modules
var executable_capture = __webpack_require__(7408);
// EXTERNAL MODULE: ./src/facts/libraries.ts
var facts_libraries = __webpack_require__(4024);
;// CONCATENATED MODULE: ./src/migrate/loader-path.ts
// The source's loader found some libraries through /etc/ld.so.conf, that is through the
// ld.so.cache ldconfig built from it. The result's loader reads only the base's cache, which does
// not list them: their directories go on LD_LIBRARY_PATH.



function expand(entries, origin) {
    return entries.map((entry) => external_node_path_.posix.normalize(entry.replace(/\$(?:\{ORIGIN\}|ORIGIN(?![A-Za-z0-9_]))/g, origin))).filter((dir) => dir.startsWith('/'));
}
/**
 * Directories of libraries the result carries (copied or with the app) that its loader would not
 * search: not a default directory, not on LD_LIBRARY_PATH, not in any loaded object's RUNPATH or
 * RPATH. Undefined for a program that is not a glibc program.
 */
function cacheOnlyDirs(fs, programPath, elf, libraries, libraryPath) {
    if (elf.interpreter === undefined || /ld-musl-/.test(elf.interpreter))
        return [];
    const searched = new Set([...(0,facts_libraries/* glibcDefaultDirs */.d7)(elf), ...(libraryPath ?? '').split(/[:;]/).filter((dir) => dir.startsWith('/'))].map((dir) => external_node_path_.posix.normalize(dir)));
    const objects = [{ path: programPath, elf }];
    for (const library of libraries) {
        if (library.path === undefined)
            continue;
        const real = fs.resolve(library.path)?.path;
        const captured = real ? fs.captured(real) : undefined;
        objects.push({ path: library.path, elf: captured ? (0,executable_capture/* capturedElf */.c)(captured) : undefined });
    }
    for (const object of objects) {
        const origin = external_node_path_.posix.dirname(fs.resolve(object.path)?.path ?? object.path);
        for (const dir of expand([...(object.elf?.runpath ?? []), ...(object.elf?.rpath ?? [])], origin))
            searched.add(dir);
    }
    const dirs = [];
    for (const library of libraries) {
        if (library.path === undefined || library.from === 'base' || library.from === 'missing')
            continue;
        const dir = external_node_path_.posix.dirname(library.path);
        if (!searched.has(dir) && !dirs.includes(dir))
            dirs.push(dir);
    }
    return dirs;
}

;// CONCATENATED MODULE: ./src/migrate/dockerfile.ts
/** A Dockerfile word: bare when it is plain, else a JSON string (which the Dockerfile parser reads for COPY's JSON form and LABEL/ENV quoting). */
function word(text) {
    return /^[A-Za-z0-9_./:@%+,=-]+$/.test(text) ? text : JSON.stringify(text);
}
/** ENV and LABEL values: always double-quoted, with `\`, `"` and `$` escaped (the parser expands `$` in both). */
function quoted(text) {
    return `"${text.replace(/[\\"$]/g, (char) => `\\${char}`).replace(/\n/g, '\\n')}"`;
}
/** A path for COPY: bare when plain, else COPY's JSON-array form takes care of spaces. */
function copyLine(from, source, destination, chown) {
    const flags = `--from=${from}${chown ? ` --chown=${chown}` : ''}`;
    if (/^[A-Za-z0-9_./@%+,:=-]+$/.test(source + destination) && !/[*?[]/.test(source))
        return `COPY ${flags} ${source} ${destination}`;
    return `COPY ${flags} ${JSON.stringify([source, destination])}`;
}
/** The multi-stage Dockerfile of a plan. */
function renderDockerfile(plan) {
    if (!plan.base)
        return '';
    const lines = [
        `# Written by distroless-guard migrate from ${plan.image.replace(/\n/g, ' ')} (${plan.platform}).`,
        ...(plan.from.placeholder ? ['# Replace <your-image> with the image it was made from (a tag or digest you can pull or build).'] : []),
        `FROM ${plan.from.reference} AS app`,
        '',
        `FROM ${plan.base.image}`,
    ];
    for (const copy of plan.copies)
        lines.push(copyLine('app', copy.source, copy.destination, copy.chown));
    if (plan.env.length > 0)
        lines.push(...plan.env.map(([name, value]) => `ENV ${name}=${quoted(value)}`));
    for (const [name, value] of Object.entries(plan.labels))
        lines.push(`LABEL ${word(name)}=${quoted(value)}`);
    if (plan.expose.length > 0)
        lines.push(`EXPOSE ${plan.expose.map(word).join(' ')}`);
    if (plan.stopSignal)
        lines.push(`STOPSIGNAL ${word(plan.stopSignal)}`);
    if (plan.user)
        lines.push(`USER ${plan.user}`);
    lines.push(`WORKDIR ${word(plan.workdir)}`);
    // java, python3 and nodejs images have an ENTRYPOINT of their own, which a CMD alone would follow.
    if (plan.entrypoint.length > 0 || /^(java|python|nodejs)/.test(plan.base.name))
        lines.push(`ENTRYPOINT ${JSON.stringify(plan.entrypoint)}`);
    if (plan.cmd.length > 0 || plan.entrypoint.length === 0)
        lines.push(`CMD ${JSON.stringify(plan.cmd)}`);
    return `${lines.join('\n')}\n`;
}

// EXTERNAL MODULE: ./src/facts/binaries.ts
var binaries = __webpack_require__(3618);
// EXTERNAL MODULE: ./src/facts/entrypoint.ts + 1 modules
var facts_entrypoint = __webpack_require__(8780);
;// CONCATENATED MODULE: ./src/migrate/command.ts
// Turning what a shell would run into exec form, where no shell is needed to run it: a shell-form
// command string made of plain words, and a `#!/bin/sh` wrapper that only `exec`s a program.
/** Shell built-ins and keywords: a command string starting with one needs the shell itself. */
const SHELL_WORDS = new Set([
    'cd',
    'export',
    'source',
    '.',
    'set',
    'unset',
    'ulimit',
    'umask',
    'trap',
    'eval',
    'if',
    'for',
    'while',
    'until',
    'case',
    'readonly',
    'wait',
    'test',
    '[',
    '!',
    'echo',
    'printf',
    'read',
    'shift',
    'local',
    'alias',
    'function',
    '{',
    '(',
]);
/** What each special character does, for the reason a plan is refused. */
const SPECIAL = {
    '|': 'a pipe (|)',
    '&': 'a background or && list (&)',
    ';': 'a command list (;)',
    '<': 'a redirection (<)',
    '>': 'a redirection (>)',
    '(': 'a subshell (()',
    ')': 'a subshell ())',
    $: 'a variable or command substitution ($)',
    '`': 'a command substitution (`)',
    '*': 'a glob (*)',
    '?': 'a glob (?)',
    '[': 'a glob ([)',
    '\n': 'more than one line',
};
/**
 * Splits a command string into the words `sh -c` would run, when it has no shell syntax: plain
 * words, single-quoted text, double-quoted text without `$`, `` ` `` or `\`, and backslash escapes
 * outside quotes. A leading `exec` is dropped (it only replaces the shell, which exec form has not).
 */
function splitCommand(text) {
    const words = [];
    let word;
    for (let i = 0; i < text.length; i++) {
        const char = text[i];
        if (char === ' ' || char === '\t') {
            if (word !== undefined)
                words.push(word);
            word = undefined;
        }
        else if (char === "'") {
            const end = text.indexOf("'", i + 1);
            if (end === -1)
                return { reason: "an unclosed quote (')" };
            word = (word ?? '') + text.slice(i + 1, end);
            i = end;
        }
        else if (char === '"') {
            const end = text.indexOf('"', i + 1);
            if (end === -1)
                return { reason: 'an unclosed quote (")' };
            const inner = text.slice(i + 1, end);
            const special = /[$`\\]/.exec(inner);
            if (special)
                return { reason: `${SPECIAL[special[0]] ?? `an escape (${special[0]})`} inside double quotes` };
            word = (word ?? '') + inner;
            i = end;
        }
        else if (char === '\\') {
            if (i + 1 >= text.length || text[i + 1] === '\n')
                return { reason: 'a line continuation (\\)' };
            word = (word ?? '') + text[++i];
        }
        else if (char in SPECIAL) {
            return { reason: SPECIAL[char] };
        }
        else if ((char === '#' || char === '~') && word === undefined) {
            return { reason: char === '#' ? 'a comment (#)' : 'a home directory (~)' };
        }
        else {
            word = (word ?? '') + char;
        }
    }
    if (word !== undefined)
        words.push(word);
    if (words[0] === 'exec')
        words.shift();
    if (words.length === 0)
        return { reason: 'no command' };
    if (SHELL_WORDS.has(words[0]))
        return { reason: `the shell's own command "${words[0]}"` };
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]))
        return { reason: `a variable assignment (${words[0].split('=')[0]}=)` };
    return { words };
}
/**
 * Reads a `#!/bin/sh` script that only sets options, exports literal values and `exec`s a program:
 * comments, blank lines, `set -e`-style lines, `export NAME=value` (no `$`), then one
 * `exec PROGRAM ARGS… ["$@"]` as the last command. Anything else needs a shell: the reason names the line.
 */
function readWrapper(text) {
    const lines = text.split('\n');
    const env = [];
    let exec;
    for (let index = 1; index < lines.length; index++) {
        const line = lines[index].trim();
        const at = `line ${index + 1}`;
        if (line === '' || line.startsWith('#'))
            continue;
        if (exec)
            return { reason: `${at} comes after the exec line` };
        if (/^set( +[-+][a-zA-Z]+)+$/.test(line))
            continue;
        const exported = /^export +([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
        if (exported) {
            const value = splitCommand(`x ${exported[2]}`);
            if ('reason' in value || value.words.length > 2)
                return { reason: `${at} exports a value the shell computes (${'reason' in value ? value.reason : 'several words'})` };
            env.push([exported[1], value.words[1] ?? '']);
            continue;
        }
        if (!/^exec\s/.test(line))
            return { reason: `${at} runs "${line.slice(0, 60)}" in the shell` };
        const passesArguments = /\s"?\$@"?$/.test(line);
        const split = splitCommand(passesArguments ? line.replace(/\s"?\$@"?$/, '') : line);
        if ('reason' in split)
            return { reason: `${at} has ${split.reason}` };
        exec = { argv: split.words, passesArguments };
    }
    if (!exec)
        return { reason: 'it has no exec line' };
    return { wrapper: { ...exec, env } };
}

;// CONCATENATED MODULE: ./src/migrate/entry.ts
// What the app is: the entry point in exec form and the program it runs, resolved in the image
// as the runtime would, through a shell-form command string or a wrapper script when those
// only start a program.




/** Runtimes by the name of their program. */
function runtimeOf(name) {
    if (name === 'java')
        return 'java';
    if (/^python3(\.\d+)?$/.test(name))
        return 'python';
    if (name === 'node' || name === 'nodejs')
        return 'node';
    return undefined;
}
/** The command string of a shell-form argv (`/bin/sh -c STRING`), after its options. */
function commandString(argv) {
    for (let i = 1; i < argv.length; i++) {
        if (/^-[A-Za-z]*c/.test(argv[i]))
            return argv[i + 1] ?? '';
        if (/^[-+][oO]$/.test(argv[i]))
            i++;
    }
    return '';
}
/**
 * Resolves the entry point: shell form converted to words (or refused, naming the syntax), the
 * program found as runc finds it, a `#!/bin/sh` wrapper that only execs read as what it execs
 * (`scriptText` gives a script's whole text, when it was read).
 */
function resolveEntry(fs, config, scriptText) {
    const notes = [];
    let entrypoint = config.config?.Entrypoint ?? [];
    let cmd = config.config?.Cmd ?? [];
    const facts = (0,facts_entrypoint/* entrypointFacts */.As)(fs, config);
    if (facts.entrypointShellForm) {
        const split = splitCommand(commandString(entrypoint));
        if ('reason' in split)
            return { blocked: { reason: `the shell-form ENTRYPOINT needs a shell: it has ${split.reason}` } };
        notes.push(`the shell-form ENTRYPOINT "${commandString(entrypoint)}" is written in exec form`);
        if (cmd.length > 0)
            notes.push(`CMD ${JSON.stringify(cmd)} is dropped: a shell-form ENTRYPOINT never passed it on`);
        entrypoint = split.words;
        cmd = [];
    }
    else if (facts.cmdShellForm) {
        const split = splitCommand(commandString(cmd));
        if ('reason' in split)
            return { blocked: { reason: `the shell-form CMD needs a shell: it has ${split.reason}` } };
        notes.push(`the shell-form CMD "${commandString(cmd)}" is written in exec form`);
        cmd = split.words;
    }
    return resolveProgram(fs, config, { entrypoint, cmd, env: [], notes }, scriptText, 0);
}
/** Programs that only start the next argument: env (with its assignments), and the init shims tini and dumb-init. */
const LAUNCHERS = new Set(['env', 'tini', 'tini-static', 'dumb-init']);
/**
 * Plans the program a launcher starts instead of the launcher: `env`'s assignments become ENV,
 * an init shim's job is `docker run --init`'s. Options other than `--` and a shim's `-s`/`-g`/`-v`
 * stop the plan: what they change is not carried.
 */
function dropLauncher(fs, config, partial, scriptText, depth, launcher) {
    const argv = [...partial.entrypoint, ...partial.cmd];
    const env = [];
    let at = 1;
    const isEnv = external_node_path_.posix.basename(launcher.path) === 'env' || launcher.name === 'env';
    for (; at < argv.length; at++) {
        const arg = argv[at];
        if (arg === '--') {
            at++;
            break;
        }
        if (isEnv && /^[A-Za-z_][A-Za-z0-9_]*=/.test(arg)) {
            const eq = arg.indexOf('=');
            env.push([arg.slice(0, eq), arg.slice(eq + 1)]);
            continue;
        }
        if (!isEnv && /^-[sgvw]+$/.test(arg))
            continue;
        if (arg.startsWith('-'))
            return { blocked: { path: launcher.path, reason: `the entry point's ${launcher.name} option ${arg} cannot be carried without ${launcher.name}` } };
        break;
    }
    if (at >= argv.length)
        return { blocked: { path: launcher.path, reason: `the entry point's ${launcher.name} starts no program` } };
    const fromEntrypoint = Math.max(0, partial.entrypoint.length - at);
    const next = {
        entrypoint: partial.entrypoint.slice(partial.entrypoint.length - fromEntrypoint),
        cmd: fromEntrypoint > 0 ? partial.cmd : partial.cmd.slice(at - partial.entrypoint.length),
        env: [...partial.env, ...env],
        notes: [
            ...partial.notes,
            isEnv
                ? `${launcher.path} (env) only starts ${argv[at]}: planned as that program${env.length ? ', its assignments as ENV' : ''}`
                : `${launcher.path} (an init shim) is left out: run the container with --init (or your orchestrator's equivalent) for signal forwarding and zombie reaping`,
        ],
        ...(partial.via ? { via: partial.via } : {}),
    };
    return resolveProgram(fs, config, next, scriptText, depth);
}
function resolveProgram(fs, config, partial, scriptText, depth) {
    const { entrypoint, cmd } = partial;
    const argv = [...entrypoint, ...cmd];
    if (argv.length === 0)
        return { blocked: { reason: 'the image has no ENTRYPOINT or CMD: there is no program to plan for' } };
    const env = [...(config.config?.Env ?? []), ...partial.env.map(([name, value]) => `${name}=${value}`)];
    const program = (0,facts_entrypoint/* entrypointFacts */.As)(fs, { ...config, config: { ...config.config, Env: env, Entrypoint: entrypoint, Cmd: cmd } }).program;
    if (!program || program.kind === 'missing' || program.path === undefined)
        return { blocked: { path: argv[0], reason: `the entry point's program ${argv[0]} is not in the image` } };
    const path = program.path;
    const name = external_node_path_.posix.basename(path);
    const resolved = { ...program, path };
    const workdir = config.config?.WorkingDir || '/';
    const pathVariable = env.findLast((item) => item.startsWith('PATH='))?.slice(5);
    const invoked = argv[0].includes('/')
        ? external_node_path_.posix.resolve(workdir, argv[0])
        : ((0,binaries/* pathDirectories */.Ji)(pathVariable)
            .map((dir) => external_node_path_.posix.join(dir, argv[0]))
            .find((candidate) => fs.resolve(candidate)?.path === path) ?? path);
    if (program.kind === 'elf') {
        const called = external_node_path_.posix.basename(argv[0]);
        if (binaries/* SHELL_NAMES */.YG.includes(name) || binaries/* SHELL_NAMES */.YG.includes(called))
            return { blocked: { path, reason: `the entry point runs a shell (${argv.join(' ').slice(0, 120)}); distroless images have none` } };
        if (binaries/* PACKAGE_MANAGER_NAMES */.Ke.includes(name) || binaries/* PACKAGE_MANAGER_NAMES */.Ke.includes(called))
            return { blocked: { path, reason: 'the entry point runs a package manager, which distroless images do not have' } };
        if (LAUNCHERS.has(name) || LAUNCHERS.has(called))
            return dropLauncher(fs, config, partial, scriptText, depth, { name: called, path });
        const kind = runtimeOf(name) ?? runtimeOf(called);
        return { entry: { ...partial, program: resolved, invoked, ...(kind ? { runtime: { kind } } : {}) } };
    }
    if (program.kind !== 'script') {
        const what = program.kind === 'unknown' ? 'its bytes were not read' : 'it is neither an ELF program nor a #! script';
        return { blocked: { path, reason: `the entry point's program cannot be planned: ${what}` } };
    }
    const interpreter = program.interpreter?.envCommand?.command ?? external_node_path_.posix.basename(program.interpreter?.command ?? '');
    const runtime = runtimeOf(interpreter);
    if (runtime) {
        // The runtime base runs the script: its interpreter is the base's, the script is the app's.
        const script = argv[0].includes('/') ? invoked : path;
        partial.notes.push(`${path} is a ${interpreter} script: the ${interpreter} of the base runs it`);
        return { entry: { ...partial, program: resolved, invoked, runtime: { kind: runtime, script } } };
    }
    if (!binaries/* SHELL_NAMES */.YG.includes(interpreter)) {
        return {
            blocked: { path, reason: `the entry point is a ${interpreter || 'script'} script, and no distroless base has ${interpreter || 'its interpreter'}` },
        };
    }
    const text = scriptText(path);
    const read = text === undefined ? { reason: 'its text could not be read' } : readWrapper(text);
    if ('reason' in read || depth > 0) {
        const why = 'reason' in read ? read.reason : 'it execs another script';
        return { blocked: { path, reason: `the entry point is a shell script (${why}); distroless images have no shell to run it` } };
    }
    const { wrapper } = read;
    const fromEntrypoint = entrypoint.length > 0;
    const scriptArgs = argv.slice(1);
    if (!wrapper.passesArguments && scriptArgs.length > 0)
        partial.notes.push(`the arguments ${JSON.stringify(scriptArgs)} are dropped: ${path} does not pass "$@" on`);
    const next = {
        entrypoint: fromEntrypoint ? [...wrapper.argv, ...(wrapper.passesArguments ? entrypoint.slice(1) : [])] : [],
        cmd: fromEntrypoint ? (wrapper.passesArguments ? cmd : []) : [...wrapper.argv, ...(wrapper.passesArguments ? scriptArgs : [])],
        env: [...partial.env, ...wrapper.env],
        notes: [...partial.notes, `${path} is a shell script that only execs ${wrapper.argv[0]}: planned as that program, without the script`],
        via: path,
    };
    return resolveProgram(fs, config, next, scriptText, depth + 1);
}

;// CONCATENATED MODULE: ./src/migrate/runtime-files.ts
// A runtime base (java, python3, nodejs) brings its own runtime: the source's installation of it
// is not the app's, though its layers added it above the OS base.

/** The children of `dir` but `keep`, as absolute paths. */
function allBut(tree, dir, keep) {
    return tree
        .list(dir)
        .filter((name) => name !== keep)
        .map((name) => external_node_path_.posix.join(dir, name));
}
function runtimeTrees(tree, entry, env) {
    const program = entry.program.path;
    const kind = entry.runtime?.kind;
    const files = { trees: [], env: [], dropEnv: [], notes: [] };
    if (kind === 'java') {
        // JAVA_HOME, else the directory above the real java's bin/.
        const home = env.get('JAVA_HOME') || external_node_path_.posix.dirname(external_node_path_.posix.dirname(tree.resolve(program)?.path ?? program));
        files.trees.push(home, '/usr/bin/java', '/etc/alternatives');
        files.dropEnv.push('JAVA_HOME', 'JAVA_VERSION');
        files.notes.push(`the JRE at ${home} is left out: the base has its own`);
    }
    else if (kind === 'python') {
        const interpreter = entry.program.elf
            ? program
            : (tree.resolve(entry.program.interpreter?.envCommand?.path ?? entry.program.interpreter?.path ?? '')?.path ?? '');
        const prefix = interpreter.startsWith('/usr/local/') ? '/usr/local' : undefined;
        const version = /python(3\.\d+)/.exec(external_node_path_.posix.basename(interpreter))?.[1];
        if (prefix && version) {
            const lib = `${prefix}/lib/python${version}`;
            const site = `${lib}/site-packages`;
            files.trees.push(...allBut(tree, lib, 'site-packages'), `${prefix}/include`, ...tree
                .list(`${prefix}/bin`)
                .filter((name) => /^(python|pip|idle|pydoc|2to3)/.test(name))
                .map((name) => `${prefix}/bin/${name}`));
            files.trees.push(...tree
                .list(`${prefix}/lib`)
                .filter((name) => name.startsWith('libpython'))
                .map((name) => `${prefix}/lib/${name}`));
            if (tree.list(site).length > 0) {
                files.env.push(['PYTHONPATH', site]);
                files.notes.push(`${site} is kept and put on PYTHONPATH: packages built for Python ${version} may not load in 3.13`);
            }
        }
        files.dropEnv.push('PYTHON_VERSION', 'PYTHON_SHA256', 'GPG_KEY', 'PYTHON_PIP_VERSION', 'PYTHON_SETUPTOOLS_VERSION', 'PYTHON_GET_PIP_URL', 'PYTHON_GET_PIP_SHA256');
        files.notes.push(`the Python at ${interpreter || 'the source'} is left out: the base has its own`);
    }
    else if (kind === 'node') {
        files.trees.push('/usr/local/bin/node', '/usr/local/include/node', '/usr/local/lib/node_modules/npm', '/usr/local/lib/node_modules/corepack', ...['npm', 'npx', 'corepack', 'yarn', 'yarnpkg'].map((name) => `/usr/local/bin/${name}`), ...tree
            .list('/opt')
            .filter((name) => name.startsWith('yarn'))
            .map((name) => `/opt/${name}`));
        if (!program.startsWith('/usr/local/'))
            files.trees.push(program);
        files.dropEnv.push('NODE_VERSION', 'YARN_VERSION');
        files.notes.push("the source's Node.js, npm and yarn are left out: the base has its own node");
    }
    return files;
}

;// CONCATENATED MODULE: ./src/migrate/plan.ts
// The planner: facts of one image → a migration plan and its Dockerfile. Pure: the engine reads the
// image and hands over what it found.








const OS_MARKERS = new Set(['/etc/os-release', '/usr/lib/os-release', '/var/lib/dpkg/status']);
/** Labels that describe the source's base, which the result does not have. */
const BASE_LABELS = new Set(['org.opencontainers.image.base.name', 'org.opencontainers.image.base.digest']);
const TAR_BLOCK = 512;
/** The last layer of the OS base: the first that writes os-release or dpkg's status; -1 when none does. */
function osBaseLayerOf(layers) {
    return layers.findIndex((layer) => layer.entries.some((entry) => OS_MARKERS.has(`${entry.dir === '/' ? '' : entry.dir}/${entry.name}`)));
}
/** What a file adds to a layer tar: a header and its body in 512-byte blocks. */
function tarBytes(files, bytes) {
    return files * TAR_BLOCK + Math.ceil(bytes / TAR_BLOCK) * TAR_BLOCK + files * (TAR_BLOCK / 2);
}
function planMigration(input) {
    const { facts, config, tree } = input;
    const runtimeConfig = config.config ?? {};
    const plan = {
        version: 1,
        image: input.image,
        platform: input.platform,
        status: 'planned',
        from: input.from,
        entrypoint: [],
        cmd: [],
        workdir: runtimeConfig.WorkingDir || '/',
        env: [],
        expose: Object.keys(runtimeConfig.ExposedPorts ?? {}).sort(),
        labels: Object.fromEntries(Object.entries(runtimeConfig.Labels ?? {}).filter(([name]) => !BASE_LABELS.has(name))),
        ...(runtimeConfig.StopSignal ? { stopSignal: runtimeConfig.StopSignal } : {}),
        copies: [],
        libraries: [],
        size: { current: facts.sizes.uncompressed, estimated: 0, base: 0, files: 0, copied: 0 },
        notCarried: notCarried(config),
        notes: [],
        facts: [],
    };
    const osBaseLayer = osBaseLayerOf(input.layerIndexes);
    plan.facts.push(facts.os ? `os-release (${facts.os.source}): ${facts.os.prettyName ?? `${facts.os.id} ${facts.os.versionId}`}` : 'no os-release file', osBaseLayer >= 0
        ? `the OS base ends at layer ${osBaseLayer} (the first with os-release or dpkg's status); later layers are the app's`
        : "no OS layer: every layer is the app's", input.ownership
        ? `dpkg's file lists of ${input.ownership.lists} packages: files a package owns are not the app's`
        : "no dpkg file lists: every file the layers above the OS base added counts as the app's");
    const unread = input.ownership?.truncated ?? [];
    if (unread.length)
        plan.notes.push(`${unread.length} dpkg lists cut short or not read (${unread.slice(0, 3).join(', ')}…): some package files may be taken for the app's`);
    const resolved = resolveEntry(tree, config, input.scriptText);
    if ('blocked' in resolved)
        return ordered({ ...plan, status: 'blocked', blocked: resolved.blocked });
    const entry = resolved.entry;
    plan.notes.push(...entry.notes);
    const env = new Map([...facts.env, ...entry.env]);
    const chosen = chooseBase(entry, facts.os, env);
    plan.notes.push(...chosen.notes);
    const { base, release } = chosen;
    const supported = ARCHITECTURES[input.architecture];
    if (!supported?.includes(release))
        plan.notes.push(`distroless publishes no ${input.architecture} image of -${release}: build for a platform it has`);
    // The user: the source's own non-root uid is kept (as numbers: the base's passwd does not name it); root becomes nonroot.
    const uid = facts.user.uid;
    const ownUser = facts.user.resolved && uid !== undefined && uid !== 0 && uid !== NONROOT_UID;
    const nonroot = !ownUser;
    plan.user = ownUser ? `${uid}:${facts.user.gid ?? 0}` : `${NONROOT_UID}:${NONROOT_UID}`;
    if (!facts.user.resolved)
        plan.notes.push(`USER ${facts.user.configured} does not resolve in the source image: the result runs as nonroot (${NONROOT_UID})`);
    else if (!ownUser && uid === 0)
        plan.notes.push(`the source runs as root; the result runs as nonroot (${NONROOT_UID}): give what it writes to ${NONROOT_UID} (COPY --chown)`);
    const baseImage = `${input.registry.replace(/\/+$/, '')}/${base.name}-${release}${nonroot ? ':nonroot' : ''}`;
    plan.base = { name: base.name, release, nonroot, image: baseImage, reason: chosen.reason };
    plan.program = { path: entry.program.path, kind: entry.program.kind, ...(entry.via ? { via: entry.via } : {}) };
    plan.facts.push(`the entry point ${JSON.stringify(entry.entrypoint.concat(entry.cmd))} runs ${entry.program.path} (${describeProgram(entry)})`);
    // The app's files, then what the program needs that neither they nor the base bring.
    const runtime = entry.runtime ? runtimeTrees(tree, entry, env) : undefined;
    const app = appFiles(tree, { osBaseLayer, ownership: input.ownership, excludedTrees: [...(runtime?.trees ?? []), ...(entry.via ? [entry.via] : [])] });
    const copies = [...app.copies];
    const covered = (path) => copies.some((copy) => copy.destination === path || (copy.type === 'dir' && path.startsWith(`${copy.destination}/`)));
    for (const link of app.symlinks)
        plan.notCarried.push(`symlink ${link.path} -> ${link.target}: COPY cannot make a symlink; point to its target instead`);
    for (const path of app.special)
        plan.notCarried.push(`${path}: a device or FIFO, which COPY does not carry`);
    if (runtime)
        plan.notes.push(...runtime.notes);
    let argv0 = [...entry.entrypoint, ...entry.cmd][0];
    if (!entry.runtime) {
        const invoked = invokedPath(argv0, plan.workdir, entry);
        if (!covered(entry.program.path))
            copies.push(fileCopy(tree, entry.program.path, entry.program.path, 'program'));
        const pkg = input.ownership?.packageOf(entry.program.path);
        if (pkg) {
            plan.notes.push(`${entry.program.path} comes from the Debian package ${pkg}: only the program and its libraries are copied, not the package's configuration or data (dpkg -L ${pkg} lists them): add what it reads`);
        }
        if (invoked !== entry.program.path && !covered(invoked)) {
            if (external_node_path_.posix.basename(invoked) === external_node_path_.posix.basename(entry.program.path)) {
                plan.notes.push(`${invoked} links to ${entry.program.path}: the entry point names the file itself`);
                argv0 = entry.program.path;
            }
            else {
                copies.push(fileCopy(tree, entry.program.path, invoked, 'program'));
            }
        }
        else if (!argv0.includes('/')) {
            argv0 = invoked;
        }
        const libraries = baseLibraries(base, release);
        const resolution = entry.program.libraries;
        const interpreter = resolution?.interpreter;
        if (interpreter && !libraries.has(external_node_path_.posix.basename(interpreter.path))) {
            plan.libraries.push(placeLibrary(tree, external_node_path_.posix.basename(interpreter.path), interpreter.found ? external_node_path_.posix.resolve('/', interpreter.path) : undefined, entry.program.path, copies, covered));
        }
        for (const library of resolution?.libraries ?? []) {
            if (libraries.has(library.name))
                plan.libraries.push({ name: library.name, ...(library.path ? { path: library.path } : {}), neededBy: library.neededBy, from: 'base' });
            else
                plan.libraries.push(placeLibrary(tree, library.name, library.path, library.neededBy, copies, covered));
        }
        for (const missing of plan.libraries.filter((library) => library.from === 'missing')) {
            plan.notes.push(`${missing.name} (needed by ${missing.neededBy}) is not in the source image either: the program may not start`);
        }
        const cacheDirs = entry.program.elf ? cacheOnlyDirs(tree, entry.program.path, entry.program.elf, plan.libraries, env.get('LD_LIBRARY_PATH')) : [];
        if (cacheDirs.length > 0) {
            env.set('LD_LIBRARY_PATH', [...cacheDirs, ...(env.get('LD_LIBRARY_PATH') ?? '').split(':').filter(Boolean)].join(':'));
            plan.notes.push(`${cacheDirs.join(', ')}: found through /etc/ld.so.conf (the source's ld.so.cache), which the base's loader does not know: put on LD_LIBRARY_PATH`);
        }
        if (resolution?.incomplete.length)
            plan.notes.push(`some ELF files were not read whole, so the library list may be partial: ${resolution.incomplete.slice(0, 5).join(', ')}`);
        plan.facts.push(`the loader's search (RUNPATH/RPATH, LD_LIBRARY_PATH, ld.so.conf, multiarch directories) found ${resolution?.libraries.length ?? 0} libraries`);
    }
    const argv = [argv0, ...[...entry.entrypoint, ...entry.cmd].slice(1)];
    const split = entry.entrypoint.length;
    if (entry.runtime && base.runtime) {
        // The base's runtime replaces the source's: its program, or the interpreter of a script.
        const head = [base.runtime.program, ...(entry.runtime.script ? [entry.runtime.script] : [])];
        plan.entrypoint = split > 0 ? [...head, ...argv.slice(1, split)] : [];
        plan.cmd = split > 0 ? argv.slice(split) : [...head, ...argv.slice(1)];
    }
    else {
        plan.entrypoint = argv.slice(0, split);
        plan.cmd = argv.slice(split);
    }
    plan.copies = dedupe(copies);
    // Docker sets HOME from passwd, which the base's does not have for the image's own user.
    const home = ownUser ? facts.users.find((user) => user.uid === uid)?.home : undefined;
    if (home && home !== '/' && !env.has('HOME')) {
        env.set('HOME', home);
        plan.notes.push(`HOME=${home} is set: the base's /etc/passwd has no user ${uid}, so Docker would set HOME=/`);
    }
    for (const [name, value] of env) {
        if (name === 'PATH' && value === DISTROLESS_PATH)
            continue;
        if (runtime?.dropEnv.includes(name))
            continue;
        plan.env.push([name, value]);
    }
    if (runtime?.env)
        plan.env.push(...runtime.env);
    const files = plan.copies.reduce((sum, copy) => sum + copy.files, 0);
    const copied = plan.copies.reduce((sum, copy) => sum + copy.bytes, 0);
    plan.size = { current: facts.sizes.uncompressed, base: base.size, files, copied, estimated: base.size + tarBytes(files, copied) };
    plan.dockerfile = renderDockerfile(plan);
    return ordered(plan);
}
/** The plan's fields in the order its JSON documents them (docs/migrate.md). */
function ordered(plan) {
    const { version, image, platform, status, blocked, from, base, program, entrypoint, cmd, user, workdir, env, expose, labels, stopSignal, ...rest } = plan;
    const { copies, libraries, size, notCarried, notes, facts, dockerfile } = rest;
    return {
        version,
        image,
        platform,
        status,
        ...(blocked ? { blocked } : {}),
        from,
        ...(base ? { base } : {}),
        ...(program ? { program } : {}),
        entrypoint,
        cmd,
        ...(user ? { user } : {}),
        workdir,
        env,
        expose,
        labels,
        ...(stopSignal ? { stopSignal } : {}),
        copies,
        libraries,
        size,
        notCarried,
        notes,
        facts,
        ...(dockerfile ? { dockerfile } : {}),
    };
}
function describeProgram(entry) {
    const elf = entry.program.elf;
    if (entry.program.kind === 'script')
        return `a script for ${entry.program.interpreter?.envCommand?.command ?? entry.program.interpreter?.command}`;
    if (!elf)
        return entry.program.kind;
    if (!elf.interpreter && !elf.dynamic)
        return `a static ELF ${elf.machineName} program`;
    return `a dynamic ELF ${elf.machineName} program, loader ${elf.interpreter ?? 'none'}, needs ${elf.needed.join(', ') || 'nothing'}`;
}
/** Where argv[0] is found before its last symlink: the path itself, or the first PATH directory that has it. */
function invokedPath(command, workdir, entry) {
    if (command.includes('/'))
        return external_node_path_.posix.resolve(workdir, command);
    return entry.invoked;
}
function fileCopy(tree, source, destination, role) {
    const node = tree.resolve(source)?.node;
    const owner = node && (node.uid !== 0 || node.gid !== 0) ? { chown: `${node.uid}:${node.gid}` } : {};
    const real = tree.resolve(source)?.path ?? source;
    const size = node?.type === 'hardlink' ? (tree.resolve(node.linkedPath ?? real)?.node.size ?? 0) : (node?.size ?? 0);
    return { source: real, destination, type: 'file', files: 1, bytes: size, role, ...owner };
}
function placeLibrary(tree, name, path, neededBy, copies, covered) {
    if (path === undefined)
        return { name, neededBy, from: 'missing' };
    if (covered(path))
        return { name, path, neededBy, from: 'app' };
    // The loader opens the name it looked up; the file behind a symlink chain is copied under that name.
    copies.push(fileCopy(tree, path, path, 'library'));
    return { name, path, neededBy, from: 'copied' };
}
function dedupe(copies) {
    const seen = new Set();
    return copies.filter((copy) => !seen.has(copy.destination) && seen.add(copy.destination));
}
/** What the source configures that the result does not have, and why. */
function notCarried(config) {
    const runtime = config.config ?? {};
    const lines = [];
    const test = runtime.Healthcheck?.Test ?? [];
    if (test.length > 0 && test[0] !== 'NONE') {
        lines.push(test[0] === 'CMD-SHELL'
            ? `HEALTHCHECK ${test.slice(1).join(' ')}: it runs in a shell, which distroless has not; probe from outside (an orchestrator's HTTP or TCP check)`
            : `HEALTHCHECK ${JSON.stringify(test.slice(1))}: its program is not copied; add it, or probe from outside`);
    }
    const volumes = Object.keys(runtime.Volumes ?? {});
    if (volumes.length > 0)
        lines.push(`VOLUME ${volumes.join(' ')}: declare volumes where the container runs; a VOLUME in the image would be owned by root, not by the user the result runs as`);
    if (runtime.Shell?.length)
        lines.push(`SHELL ${JSON.stringify(runtime.Shell)}: there is no shell to set`);
    return lines;
}

;// CONCATENATED MODULE: ./src/engine/migrate.ts
// `migrate`: one image read through the same source and capture path as `check`, its facts handed
// to the planner (src/migrate/), which returns the plan and its Dockerfile.












/** A wrapper script is read whole up to this size (its exec line is near the end). */
const SCRIPT_LIMIT = 64 * 1024;
const PLACEHOLDER = '<your-image>';
async function load(options, capture) {
    const images = await (0,sources/* openSource */.o)((0,image_reference/* parseReference */.F2)(options.image), options.image, options.registryOptions ?? {}).load({
        platform: options.platform,
        capture,
        files: true,
    });
    if (images.length > 1 && !options.platform)
        options.log?.(`${options.image} has ${images.length} platforms: planning ${(0,image_platform/* formatPlatform */.Bq)(images[0].platform)} (choose with --platform)`);
    return images[0];
}
/** The first stage's image: as given, else the engine's name for the image, else the placeholder. */
function fromReference(image, from) {
    if (from !== undefined) {
        if (!/^\S+$/.test(from))
            throw new errors/* UserError */.yo(`migrate: --from takes one image reference, not "${from}"`);
        return { reference: from, placeholder: false };
    }
    const reference = (0,image_reference/* parseReference */.F2)(image);
    return reference.transport === 'docker-daemon' ? { reference: reference.name, placeholder: false } : { reference: PLACEHOLDER, placeholder: true };
}
/** Reads the image and plans its move to a distroless base. */
async function migrate(options) {
    const from = fromReference(options.image, options.from);
    const registry = options.registry ?? DEFAULT_REGISTRY;
    if (!/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._/-]+)?$/.test(registry))
        throw new errors/* UserError */.yo(`migrate: --registry must be a registry and path such as gcr.io/distroless, not "${registry}"`);
    options.log?.(`reading ${options.image}`);
    let image = await load(options, (0,facts_capture/* captureForMigration */.C)());
    if (image.layerIndexes.length !== image.layers.length || image.layers.length === 0)
        throw new errors/* UserError */.yo(`${options.image}: the image's layers could not be read, so there are no files to plan from`);
    let { facts, fs } = (0,src_facts/* gatherFacts */.p)(image);
    const program = facts.entrypoint.program;
    const scripts = new Map();
    // A script's text beyond its #! line is read only when the entry point is one: a second pass keeps it whole.
    if (program?.kind === 'script' && program.path !== undefined) {
        const stored = fs.contentPath(program.path) ?? program.path;
        const capture = (0,facts_capture/* captureForMigration */.C)();
        image = await load(options, (path, entry) => (path === stored ? new collectors/* HeadCollector */.kK(SCRIPT_LIMIT) : capture(path, entry)));
        ({ facts, fs } = (0,src_facts/* gatherFacts */.p)(image));
        const text = fs.captured(program.path);
        if (text && !text.truncated)
            scripts.set(program.path, text.head.toString('utf8'));
    }
    return planMigration({
        image: options.image,
        platform: (0,image_platform/* formatPlatform */.Bq)(image.platform),
        architecture: (0,image_platform/* normalizePlatform */.FL)({ os: 'linux', architecture: image.config.architecture }).architecture,
        config: image.config,
        facts,
        tree: fs,
        layerIndexes: image.layerIndexes,
        ownership: (0,dpkg_files/* dpkgOwnership */.K)(fs),
        from,
        registry,
        scriptText: (path) => scripts.get(path),
    });
}

;// CONCATENATED MODULE: ./src/action/migration.ts






/** The rules whose failure says the image is not distroless yet: then the pull request gets a plan. */
const MIGRATION_RULES = new Set(['no-shell', 'no-package-manager']);
function migrationDir(env) {
    return (0,external_node_path_.join)(env.RUNNER_TEMP || (0,external_node_path_.join)(env.GITHUB_WORKSPACE || process.cwd(), '.distroless-guard'), 'distroless-guard-migrate');
}
/** Whether a checked image failed no-shell or no-package-manager. */
function needsMigration(report, image) {
    return image.findings.some((finding) => MIGRATION_RULES.has(finding.rule) && (0,model/* fails */.c6)(finding.level, report.failOn));
}
/**
 * A plan, and its Dockerfile written, for every image that failed no-shell or no-package-manager.
 * The image is read again (migrate needs dpkg's file lists, which check does not keep); a plan that
 * cannot be made is a warning, never the step's failure.
 */
async function planMigrations(report, context) {
    const migrations = new Map();
    for (const [index, image] of report.images.entries()) {
        if (!needsMigration(report, image))
            continue;
        try {
            const plan = await migrate({
                image: image.reference,
                platform: image.platform ? (0,image_platform/* parsePlatform */.Y8)(image.platform) : undefined,
                registryOptions: { githubToken: context.githubToken || undefined },
                log: context.log,
            });
            let written;
            if (plan.dockerfile) {
                const dir = (0,external_node_path_.join)(context.dir, `${index}-${image.name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80)}`);
                await (0,promises_.mkdir)(dir, { recursive: true });
                written = (0,external_node_path_.join)(dir, 'Dockerfile');
                await (0,promises_.writeFile)(written, plan.dockerfile);
                context.log(`migration plan for ${image.name}: ${written}`);
            }
            else {
                context.log(`no migration plan for ${image.name}: ${plan.blocked?.reason ?? 'blocked'}`);
            }
            migrations.set(image, { plan, ...(written ? { written } : {}) });
        }
        catch (error) {
            context.warn(`could not plan the migration of ${image.name}: ${(0,errors/* messageOf */.bD)(error)}`);
        }
    }
    return migrations;
}

;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = /*#__PURE__*/JSON.parse('{"rE":"0.1.0","Jk":{"O":"git+https://github.com/distroless-guard/distroless-guard.git"}}');
// EXTERNAL MODULE: ./src/rules/index.ts + 26 modules
var rules = __webpack_require__(1932);
;// CONCATENATED MODULE: ./src/report/links.ts


const TOOL_VERSION = package_namespaceObject.rE;
/** `owner/name` of the repository package.json names (its `repository.url`). */
const PACKAGE_REPOSITORY = /github\.com\/([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(package_namespaceObject.Jk.O)[1];
/** The tool's home: SARIF's informationUri. */
const REPOSITORY_URL = `https://github.com/${PACKAGE_REPOSITORY}`;
/**
 * Rule links into docs/rules.md of the copy that runs: the action's repository and ref (a tag, a
 * branch or a commit) as the runner names them, so a fork or a pinned commit links to its own
 * text. Without them (the CLI, a local action) package.json's repository at the tag of the
 * version's major (`v0` for 0.x), the moving tag workflows use: the docs of the release that runs.
 */
function rulesDocUrls(env) {
    const fromAction = env.GITHUB_ACTION_REPOSITORY && env.GITHUB_ACTION_REF && /^[\w.-]+\/[\w.-]+$/.test(env.GITHUB_ACTION_REPOSITORY);
    const repository = fromAction ? env.GITHUB_ACTION_REPOSITORY : PACKAGE_REPOSITORY;
    const ref = fromAction ? env.GITHUB_ACTION_REF : `v${TOOL_VERSION.split('.')[0]}`;
    // A branch may hold `#`, `%` or `?`: each part of it escaped, its slashes kept (GitHub resolves `blob/feature/x/…`).
    const base = `https://github.com/${repository}/blob/${ref.split('/').map(encodeURIComponent).join('/')}/docs/rules.md`;
    return (rule) => `${base}#${rules/* RULES */.y0[rule].anchor}`;
}
/** One line saying what a rule checks. */
function ruleTitle(rule) {
    return rules/* RULES */.y0[rule].title;
}

// EXTERNAL MODULE: ./src/report/json.ts
var json = __webpack_require__(2794);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/report/sarif.ts





const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The key of our fingerprint in `partialFingerprints`; a new version would be a new key. */
const FINGERPRINT_KEY = 'distrolessGuardFinding/v1';
/** Code scanning keeps the 5,000 most severe results of a run (it refuses over 25,000); the rest only make the file larger. */
const MAX_RESULTS_PER_RUN = 5_000;
/** Code scanning refuses a file with more runs than this. */
const MAX_RUNS = 20;
/** Code scanning refuses a file larger than this once gzipped. */
const MAX_GZIPPED_BYTES = 10 * 1024 * 1024;
/** The category of the one run that holds every image when there are more than MAX_RUNS. */
const COMBINED_CATEGORY = 'distroless-guard/combined/';
/** Code scanning needs a location for every result; without a Dockerfile, the conventional one. */
const DEFAULT_DOCKERFILE = 'Dockerfile';
const sarif_MAX_MESSAGE = 2_000;
/**
 * SARIF 2.1.0 for github/codeql-action/upload-sarif: one run per image and platform, each with its
 * own `automationDetails.id` (the code scanning category), so images never close each other's
 * alerts. Code scanning refuses more than MAX_RUNS runs, so beyond that one combined run holds
 * every image, its results naming image and platform.
 */
function renderSarif(report, options) {
    const runs = report.images.length <= MAX_RUNS
        ? uniqueCategories(report.images).map(({ image, category }) => runOf([image], category, false, options))
        : [runOf(report.images, COMBINED_CATEGORY, true, options)];
    return fitGzipped({ $schema: SARIF_SCHEMA, version: '2.1.0', runs });
}
/** The SARIF as written: what the gzipped size is measured on. */
function sarifText(log) {
    return `${JSON.stringify(log, null, 2)}\n`;
}
/** What the SARIF left out, one line per run that was cut, for the user who will not read the file. */
function sarifNotes(log) {
    return log.runs.flatMap((run) => (run.invocations?.[0].toolExecutionNotifications ?? []).map((note) => `SARIF run ${run.automationDetails.id}: ${note.message.text}`));
}
/** `distroless-guard/NAME/PLATFORM/`, numbered when a name and platform repeat. */
function uniqueCategories(images) {
    const seen = new Set();
    return images.map((image) => {
        const base = `distroless-guard/${image.name}/${image.platform}/`;
        let category = base;
        for (let n = 2; seen.has(category); n += 1)
            category = `${base}${n}/`;
        seen.add(category);
        return { image, category };
    });
}
function runOf(images, category, combined, options) {
    // The most severe results are the ones worth keeping when there are too many.
    const all = images.flatMap((image) => image.findings.map((finding) => ({ image, finding })));
    const ordered = [...all.filter((f) => f.finding.level === 'error'), ...all.filter((f) => f.finding.level !== 'error')];
    const kept = ordered.slice(0, MAX_RESULTS_PER_RUN);
    const rules = [];
    const ruleIndexes = new Map();
    // Every result of a run has a baseline state or none does: the combined run's images may differ.
    const baselined = images.every((image) => image.baseline?.findingsKnown === true);
    const results = kept.map(({ image, finding }) => {
        let ruleIndex = ruleIndexes.get(finding.rule);
        if (ruleIndex === undefined) {
            ruleIndex = rules.length;
            ruleIndexes.set(finding.rule, ruleIndex);
            rules.push(ruleOf(finding.rule, finding.level, options));
        }
        return resultOf(image, finding, ruleIndex, combined, baselined);
    });
    const properties = combined ? { images: images.map(imageProperties) } : imageProperties(images[0]);
    const run = {
        tool: { driver: { name: 'distroless-guard', informationUri: REPOSITORY_URL, version: options.toolVersion, rules } },
        automationDetails: { id: category },
        results,
        properties,
    };
    leaveOut(run, ordered.length - kept.length, `code scanning keeps ${MAX_RESULTS_PER_RUN.toLocaleString('en-US')} results per run`);
    return run;
}
function imageProperties(image) {
    const properties = { image: image.name, reference: image.reference, platform: image.platform };
    if (image.digest !== undefined)
        properties.digest = image.digest;
    return properties;
}
/** Records `count` results left out of `run` (already removed), and why. */
function leaveOut(run, count, why) {
    if (count <= 0)
        return;
    const total = (run.properties.resultsLeftOut ?? 0) + count;
    run.properties.resultsLeftOut = total;
    const text = `${plural(total, 'less severe result')} left out: ${why}; the JSON report and the job summary have them all`;
    run.invocations = [{ executionSuccessful: true, toolExecutionNotifications: [{ level: 'warning', message: { text } }] }];
}
/** Halves the largest run's results (its least severe go) until the file gzips within the limit. */
function fitGzipped(log) {
    for (;;) {
        const text = sarifText(log);
        // Gzipped text is hardly ever larger than the text: only a file over the limit is worth measuring.
        if (Buffer.byteLength(text) <= MAX_GZIPPED_BYTES || (0,external_node_zlib_.gzipSync)(text).length <= MAX_GZIPPED_BYTES)
            return log;
        const largest = log.runs.reduce((a, b) => (b.results.length > a.results.length ? b : a));
        if (largest.results.length === 0)
            return log;
        const keep = Math.floor(largest.results.length / 2);
        const dropped = largest.results.length - keep;
        largest.results = largest.results.slice(0, keep);
        leaveOut(largest, dropped, `code scanning refuses a SARIF file over ${MAX_GZIPPED_BYTES / 1024 / 1024} MB gzipped`);
    }
}
function ruleOf(rule, level, options) {
    const title = options.ruleTitle(rule);
    const url = options.rulesDocUrl(rule);
    return {
        id: rule,
        name: rule
            .split('-')
            .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
            .join(''),
        shortDescription: { text: title },
        fullDescription: { text: title },
        helpUri: url,
        help: { text: `${title}. Documentation: ${url}`, markdown: `${title}. [Documentation](${url})` },
        defaultConfiguration: { level },
        properties: { tags: ['container', 'distroless'] },
    };
}
function resultOf(image, finding, ruleIndex, combined, baselined) {
    const region = { startLine: finding.location?.line ?? 1 };
    if (finding.location && finding.location.endLine > finding.location.line)
        region.endLine = finding.location.endLine;
    const file = finding.location?.file ?? image.dockerfile ?? DEFAULT_DOCKERFILE;
    const properties = { image: image.name, platform: image.platform };
    if (finding.path !== undefined)
        properties.path = finding.path;
    if (finding.layer !== undefined)
        properties.layer = finding.layer;
    if (finding.new === true)
        properties.new = true;
    // In a run of its own the category tells images and platforms apart; in the combined run the fingerprint must.
    const subject = combined ? `${image.name} ${image.platform}` : image.name;
    return {
        ruleId: finding.rule,
        ruleIndex,
        level: finding.level,
        message: { text: messageText(finding) },
        locations: [{ physicalLocation: { artifactLocation: { uri: repositoryUri(file), uriBaseId: '%SRCROOT%' }, region } }],
        partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(subject, finding) },
        ...(baselined ? { baselineState: finding.new === true ? 'new' : 'unchanged' } : {}),
        properties,
    };
}
function messageText(finding) {
    const path = finding.path !== undefined && !finding.message.includes(finding.path) ? ` (${finding.path})` : '';
    // Each part on one line: a file name with a newline must not forge a "Fix:" line in code scanning.
    const hint = finding.hint === undefined ? '' : `\nFix: ${escape_singleLine(finding.hint)}`;
    return truncateText(`${escape_singleLine(`${finding.message}${path}`)}${hint}`, sarif_MAX_MESSAGE);
}
/**
 * Stable across runs: the rule, the image (and its platform, in the combined run) and what the finding is about (its path as
 * the filesystem resolves it, so a shell found through another symlink or PATH keeps its alert,
 * else its message with numbers blanked out so a size or a layer index that moves keeps the
 * alert: a config subject alone, `FROM`, would not tell two size caps apart), never the Dockerfile line.
 */
function fingerprint(imageName, finding) {
    const subject = finding.path !== undefined ? (finding.subject ?? finding.path) : finding.message.replace(/\d+(?:[.,]\d+)*/g, '#');
    return (0,external_node_crypto_.createHash)('sha256')
        .update(JSON.stringify([finding.rule, imageName, subject]))
        .digest('hex');
}
/** A path relative to the repository as a URI reference: `./` dropped, segments percent-encoded. */
function repositoryUri(file) {
    const relative = file.replaceAll('\\', '/').replace(/^(\.\/)+/, '');
    return relative
        .split('/')
        .map((segment) => encodeURIComponent(segment.toWellFormed()))
        .join('/');
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/report/text.ts




/**
 * The terminal report, grouped by image. Every line starts with fixed text, never with text from
 * the image, and untrusted text is one line without control characters: printed in a workflow
 * log, nothing in it can start a workflow command or an escape sequence.
 */
function renderText(report, options) {
    // The caller decided about colour; styleText would otherwise look at process.stdout itself.
    const paint = (style, text) => (options.color ? (0,external_node_util_.styleText)(style, text, { validateStream: false }) : text);
    const lines = [];
    for (const image of report.images) {
        lines.push(...imageLines(image, paint), '');
    }
    for (const notice of report.notices)
        lines.push(`note: ${escape_singleLine(notice)}`);
    if (report.notices.length > 0)
        lines.push('');
    lines.push(verdictLine(report, paint));
    return `${lines.join('\n')}\n`;
}
function imageLines(image, paint) {
    const platform = image.platform === '' ? '' : ` (${escape_singleLine(image.platform)})`;
    const lines = [paint('bold', `Image ${escape_singleLine(image.name)}${platform}: ${escape_singleLine(image.reference)}`)];
    const sizes = [
        image.size.compressed !== undefined && `${(0,common_sizes/* formatSize */.Xq)(image.size.compressed)} compressed`,
        `${(0,common_sizes/* formatSize */.Xq)(image.size.uncompressed)} uncompressed`,
        plural(image.size.layers, 'layer'),
    ].filter((part) => part !== false);
    lines.push(`  size: ${sizes.join(', ')}`);
    const baseline = image.baseline;
    if (baseline) {
        const deltas = [
            baseline.compressed && `${sizeDeltaText(baseline.compressed)} compressed`,
            baseline.uncompressed && `${sizeDeltaText(baseline.uncompressed)} uncompressed`,
        ].filter(Boolean);
        lines.push(`  against ${escape_singleLine(baseline.reference)}: ${deltas.join(', ')}`);
    }
    const markNew = baseline?.findingsKnown === true;
    const ordered = [...image.findings.filter((f) => f.level === 'error'), ...image.findings.filter((f) => f.level !== 'error')];
    const hintsShown = new Set();
    for (const finding of ordered) {
        const level = finding.level === 'error' ? paint('red', 'ERROR') : paint('yellow', 'WARNING');
        const fresh = markNew && finding.new === true ? ' (new)' : '';
        lines.push(`  ${level} ${finding.rule}${fresh} ${escape_singleLine(finding.message)}`);
        const where = whereText(finding);
        if (where !== '')
            lines.push(`    at ${where}`);
        // A rule gives the same advice for each of its findings: once is enough.
        const hintKey = `${finding.rule}\0${finding.hint}`;
        if (finding.hint !== undefined && !hintsShown.has(hintKey)) {
            hintsShown.add(hintKey);
            lines.push(paint('dim', `    hint: ${escape_singleLine(finding.hint)}`));
        }
    }
    if (image.findings.length === 0)
        lines.push('  no findings');
    if (image.waived > 0)
        lines.push(`  waived: ${plural(image.waived, 'finding')} by policy exceptions`);
    return lines;
}
function whereText(finding) {
    const location = finding.location && `${escape_singleLine(finding.location.file)}:${finding.location.line}`;
    if (finding.path !== undefined)
        return location ? `${escape_singleLine(finding.path)} (${location})` : escape_singleLine(finding.path);
    if (location)
        return location;
    return finding.layer === undefined ? '' : `layer ${finding.layer}`;
}
function verdictLine(report, paint) {
    const errors = report.images.reduce((sum, image) => sum + image.errors, 0);
    const warnings = report.images.reduce((sum, image) => sum + image.warnings, 0);
    const compared = report.images.filter((image) => image.baseline?.findingsKnown === true);
    const fresh = compared.reduce((sum, image) => sum + image.findings.filter((finding) => finding.new === true).length, 0);
    // Against a baseline, how many the change adds: what a new-* fail-on judges.
    const counts = (countsText(errors, warnings) || 'no findings') + (compared.length > 0 && errors + warnings > 0 ? ` (${fresh.toLocaleString('en-US')} new)` : '');
    const verdict = report.passed ? paint(['bold', 'green'], 'PASSED') : paint(['bold', 'red'], 'FAILED');
    return `${verdict}: ${counts} in ${plural(report.images.length, 'image')} (fail-on: ${report.failOn})`;
}

;// CONCATENATED MODULE: ./src/report/output.ts





/** The formats a report is written in: the CLI's `--format`, the action's report (json) and sarif files. */
const REPORT_FORMATS = (/* unused pure expression or super */ null && (['text', 'json', 'markdown', 'sarif']));
/** Large outputs go out in pieces of this many UTF-16 units, so backpressure is felt as they go. */
const CHUNK = 64 * 1024;
/** The report in one format. */
function renderReport(report, format, options) {
    return rendered(report, format, options).text;
}
/**
 * Renders the report and writes it to `sink`, in chunks; resolves to notes on what the output left
 * out (SARIF cut to GitHub's limits), for whoever runs it to show.
 */
async function writeReport(report, format, sink, options) {
    const { text, notes } = rendered(report, format, options);
    await writeChunks(sink, text);
    return notes;
}
function rendered(report, format, options) {
    const { rulesDocUrl } = options;
    switch (format) {
        case 'json':
            return { text: (0,json/* renderJson */.hF)(report), notes: [] };
        case 'markdown':
            return { text: renderSummary(report, { rulesDocUrl }), notes: [] };
        case 'sarif': {
            const log = renderSarif(report, { rulesDocUrl, ruleTitle: ruleTitle, toolVersion: TOOL_VERSION });
            return { text: sarifText(log), notes: sarifNotes(log) };
        }
        case 'text':
            return { text: renderText(report, options), notes: [] };
    }
}
/** Writes `text` in chunks, each awaited; never between the halves of a surrogate pair, as each chunk is encoded on its own. */
async function writeChunks(sink, text) {
    let at = 0;
    while (at < text.length) {
        let end = Math.min(at + CHUNK, text.length);
        const last = text.charCodeAt(end - 1);
        if (end < text.length && last >= 0xd800 && last <= 0xdbff)
            end -= 1;
        await sink.write(text.slice(at, end));
        at = end;
    }
}

;// CONCATENATED MODULE: ./src/action/publish.ts








/** The report as a file in one format (the JSON report, SARIF), its folder made when missing; rule links go to the action's own copy (`env`). Resolves to notes on what the file left out. */
async function writeReportFile(path, report, format, env) {
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true });
    const file = await (0,promises_.open)(path, 'w');
    try {
        // writeFile on a handle writes all of a chunk, from where the last one ended.
        return await writeReport(report, format, { write: (chunk) => file.writeFile(chunk) }, { color: false, rulesDocUrl: rulesDocUrls(env) });
    }
    finally {
        await file.close();
    }
}
/** This workflow run's page, which the comment links to. */
function runUrlOf(env) {
    return env.GITHUB_RUN_ID ? `${serverUrlOf(env)}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
}
function serverUrlOf(env) {
    return env.GITHUB_SERVER_URL || 'https://github.com';
}
/** The job summary; Dockerfile lines link to `sha`, the pull request's head or the pushed commit. */
async function writeSummary(report, runUrl, sha, event, env, migrations) {
    if (!env.GITHUB_STEP_SUMMARY)
        return;
    const repository = event.repo;
    const dockerfileUrl = sha ? dockerfileUrlAt(serverUrlOf(env), repository, sha) : undefined;
    await core/* summary */.z.addRaw(renderSummary(report, { rulesDocUrl: rulesDocUrls(env), runUrl, dockerfileUrl, migrations })).write();
}
function commentContext(octokit, pr, mode, runUrl, env, migrations) {
    return {
        ...(migrations ? { migrations } : {}),
        octokit,
        pr,
        mode,
        serverUrl: serverUrlOf(env),
        runUrl,
        rulesDocUrl: rulesDocUrls(env),
        warn: (line) => core/* warning */.$e(line),
        info: (line) => core/* info */.pq(line),
    };
}
/** The outputs action.yml lists, keyed by image name like the comments. */
function setReportOutputs(report, paths) {
    const errors = report.images.reduce((sum, image) => sum + image.errors, 0);
    const warnings = report.images.reduce((sum, image) => sum + image.warnings, 0);
    const keyed = (value) => Object.fromEntries(report.images.map((image) => [commentKey(report, image), value(image)]));
    core/* setOutput */.uH('passed', String(report.passed));
    core/* setOutput */.uH('errors', String(errors));
    core/* setOutput */.uH('warnings', String(warnings));
    core/* setOutput */.uH('report', paths.report);
    if (paths.sarif)
        core/* setOutput */.uH('sarif', paths.sarif);
    // null for an unknown compressed size, as in the JSON report (layers stored as plain tars have none).
    core/* setOutput */.uH('sizes', JSON.stringify(keyed((image) => ({ compressed: image.size.compressed ?? null, uncompressed: image.size.uncompressed, layers: image.size.layers }))));
    core/* setOutput */.uH('size-deltas', JSON.stringify(keyed((image) => image.baseline
        ? {
            ...(image.baseline.compressed ? { compressed: image.baseline.compressed.delta } : {}),
            ...(image.baseline.uncompressed ? { uncompressed: image.baseline.uncompressed.delta } : {}),
        }
        : null)));
    const verdict = report.passed
        ? 'passed'
        : `failed: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (fail-on: ${report.failOn})`;
    core/* info */.pq(`distroless-guard ${verdict}`);
}
/** `migration`: the Dockerfile written for the first image that failed no-shell or no-package-manager and could be planned. */
function setMigrationOutput(migrations) {
    const written = [...migrations.values()].find((migration) => migration.written)?.written;
    if (written)
        core/* setOutput */.uH('migration', written);
}

;// CONCATENATED MODULE: ./src/action/replay.ts







/** Reports are a few megabytes; the file may come from an untrusted run, so its size is bounded. */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;
/**
 * The second half of the fork-safe pattern: the comment and summary of a JSON report that a
 * `pull_request` run stored, posted from a run that holds a writable token. The report is data:
 * parsed field by field and escaped like any image text. The verdict is the check run's, so this
 * step does not fail for it.
 */
async function replayReport(inputs, event, env, api) {
    const eventPullRequest = pullRequestOf(event);
    const number = inputs.pullRequest ?? eventPullRequest?.number;
    if (number === undefined && inputs.comment !== 'never') {
        throw new errors/* UserError */.yo(`input pull-request: from-report on a ${event.name || 'non-pull-request'} event needs the number of the pull request to comment on`);
    }
    const report = await readReport(inputs.fromReport);
    // Names in a stored report are untrusted: one line each, so none can start a workflow command.
    core/* info */.pq(`report ${inputs.fromReport}: ${report.images.map((image) => escape_singleLine(image.name)).join(', ')} (${report.passed ? 'passed' : 'failed'})`);
    const runUrl = checkRunUrl(event) ?? runUrlOf(env);
    if (inputs.comment === 'never')
        core/* info */.pq('comment: never, so no pull request comment');
    else if (!inputs.githubToken)
        core/* info */.pq('no github-token: no comment');
    else if (number !== undefined) {
        const pr = eventPullRequest?.number === number ? eventPullRequest : await pullRequestToComment(api(), event, number);
        if (pr)
            await postComments(report, commentContext(api(), pr, inputs.comment, runUrl, env));
    }
    await writeSummary(report, runUrl, checkedCommit(event) ?? eventPullRequest?.headSha, event, env);
    setReportOutputs(report, { report: inputs.fromReport });
}
async function readReport(path) {
    let text;
    try {
        const { size } = await (0,promises_.stat)(path);
        if (size > MAX_REPORT_BYTES)
            throw new Error(`${size} bytes, more than a report ever holds (${MAX_REPORT_BYTES})`);
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        throw new errors/* UserError */.yo(`input from-report: cannot read ${path} (${(0,errors/* messageOf */.bD)(error)})`);
    }
    // The reader brings ajv and the report schema: loaded only when a report is read.
    const { parseJsonReport } = await Promise.all(/* import() */[__webpack_require__.e(463), __webpack_require__.e(558)]).then(__webpack_require__.bind(__webpack_require__, 1558));
    return parseJsonReport(text, path);
}
/** The run that checked the images, when this one was started by it (`workflow_run`). */
function checkRunUrl(event) {
    const url = event.payload.workflow_run?.html_url;
    return typeof url === 'string' ? url : undefined;
}
/** The commit the check run checked, when this one was started by it (`workflow_run`). */
function checkedCommit(event) {
    const sha = event.payload.workflow_run?.head_sha;
    return typeof sha === 'string' ? sha : undefined;
}
/**
 * The pull request as it is now. Under `workflow_run`, a report of another commit than the pull
 * request's head is stale (or names the wrong pull request): it is not posted.
 */
async function pullRequestToComment(octokit, event, number) {
    const { owner, repo } = event.repo;
    let headSha;
    try {
        ({
            data: {
                head: { sha: headSha },
            },
        } = await octokit.rest.pulls.get({ owner, repo, pull_number: number }));
    }
    catch (error) {
        core/* warning */.$e(httpStatus(error) === 404 ? `${owner}/${repo} has no pull request #${number}: no comment` : commentFailure(error, number));
        return undefined;
    }
    const reported = checkedCommit(event);
    if (reported !== undefined && reported !== headSha) {
        core/* notice */.lm(`pull request #${number} is at ${headSha.slice(0, 12)}, but this report is from a run on ${reported.slice(0, 12)}: not commenting (the run of the newer commit will)`);
        return undefined;
    }
    return { owner, repo, number, headSha };
}

;// CONCATENATED MODULE: ./src/action/run.ts










/** The action's work once inputs are parsed, in the environment `env` (the runner's, its event included); returns whether the step passes. */
async function runAction(inputs, env, engine) {
    let octokit;
    const api = () => (octokit ??= createOctokit(inputs.githubToken, env, (line) => core/* info */.pq(line)));
    const event = eventOf(env);
    if (inputs.mode === 'replay') {
        await replayReport(inputs, event, env, api);
        return true;
    }
    return checkImages(inputs, event, env, api, engine);
}
async function checkImages(inputs, event, env, api, engine) {
    const pr = pullRequestOf(event);
    const { policy, notice, annotation } = await actionPolicy(inputs, pr, event, api, env.GITHUB_WORKSPACE ?? process.cwd());
    const report = await core/* group */.Os('Checking images', () => engine({
        images: inputs.images,
        policy,
        failOn: inputs.failOn,
        platform: inputs.platform,
        registry: { githubToken: inputs.githubToken || undefined, onSecret: (secret) => core/* setSecret */.Pq(secret) },
        log: (line) => core/* info */.pq(line),
    }));
    const notices = [...(annotation ? [annotation] : []), ...report.notices.map((message) => ({ level: 'notice', message }))];
    // The summary and the comment say it too: the reviewer reads those, not the log.
    if (notice)
        report.notices.unshift(notice);
    await writeReportFile(inputs.report, report, 'json', env);
    if (inputs.sarif)
        for (const message of await writeReportFile(inputs.sarif, report, 'sarif', env))
            notices.push({ level: 'notice', message });
    // The verdict is the first error annotation; the caller sets the exit code.
    for (const planned of planAnnotations(report, { notices }).annotations) {
        // Only the properties it has: `::error ::` for none would differ from what the runner documents.
        const all = { title: planned.title, file: planned.file, startLine: planned.startLine, endLine: planned.endLine };
        const properties = Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined));
        if (planned.level === 'error')
            core/* error */.z3(planned.message, properties);
        else if (planned.level === 'warning')
            core/* warning */.$e(planned.message, properties);
        else
            core/* notice */.lm(planned.message, properties);
    }
    // A plan for each image that is not distroless yet (no-shell, no-package-manager failed).
    const migrations = report.images.some((image) => needsMigration(report, image))
        ? await core/* group */.Os('Planning the path to distroless', () => planMigrations(report, {
            dir: migrationDir(env),
            githubToken: inputs.githubToken,
            log: (line) => core/* info */.pq(line),
            warn: (line) => core/* warning */.$e(line),
        }))
        : undefined;
    const runUrl = runUrlOf(env);
    await writeSummary(report, runUrl, pr?.headSha ?? (env.GITHUB_SHA || undefined), event, env, migrations);
    if (inputs.comment === 'never')
        core/* info */.pq('comment: never, so no pull request comment');
    else if (!pr)
        core/* info */.pq('not a pull request: no comment');
    else if (!inputs.githubToken)
        core/* info */.pq('no github-token: no comment');
    else
        await postComments(report, commentContext(api(), pr, inputs.comment, runUrl, env, migrations));
    setReportOutputs(report, { report: inputs.report, sarif: inputs.sarif });
    if (migrations)
        setMigrationOutput(migrations);
    return report.passed;
}
/**
 * The policy file of the workspace, or with `policy-source: base` the base commit's copy; `notice`
 * is set when the pull request's own copy is not the one that applies, `annotation` when the step
 * should say something about the policy (annotated with the findings, within GitHub's cap).
 */
async function actionPolicy(inputs, pr, event, api, workspace) {
    if (inputs.policySource === 'base') {
        if (pr?.baseSha !== undefined) {
            const base = await policyFromBase(api(), { owner: pr.owner, repo: pr.repo, sha: pr.baseSha }, inputs.policy, workspace);
            if (!base.differs) {
                core/* info */.pq(base.message);
                return { policy: base.policy };
            }
            return {
                policy: base.policy,
                notice: base.message,
                annotation: { level: 'notice', title: 'distroless-guard policy', file: base.file, message: base.message },
            };
        }
    }
    const { policy, notice } = await policyFromFile(inputs.policy);
    core/* info */.pq(notice ?? `policy: ${policy.source}`);
    if (inputs.policySource !== 'base')
        return { policy };
    return {
        policy,
        annotation: {
            level: 'notice',
            message: `policy-source: base applies to pull requests; this ${event.name || 'run'} event uses ${inputs.policy} from the workspace`,
        },
    };
}

;// CONCATENATED MODULE: ./src/action/main.ts





/** The action: inputs parsed once, the check run in a worker thread started from `engineEntry` (src/main.ts). */
async function runMain(engineEntry) {
    const input = {
        get: (name) => core/* getInput */.V4(name),
        lines: (name) => core/* getMultilineInput */.q3(name),
    };
    // Masked before anything can print it, even a message about a bad input.
    const token = core/* getInput */.V4('github-token');
    if (token)
        core/* setSecret */.Pq(token);
    // The one error boundary: exit 1 when the policy fails, 2 when input could not be read.
    try {
        const passed = await runAction(parseActionInputs(input, process.env), process.env, (options) => (0,worker/* checkInWorker */.m)(engineEntry, options));
        // runAction annotated the verdict before the findings, where GitHub cannot hide it.
        if (!passed)
            process.exitCode = 1;
    }
    catch (error) {
        core/* setFailed */.C1((0,errors/* failureMessage */.oh)(error));
        process.exitCode = 2;
    }
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
