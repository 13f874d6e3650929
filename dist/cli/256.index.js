export const id = 256;
export const ids = [256,916];
export const modules = {

/***/ 3256:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   YOUNG_GENERATION_MB: () => (/* binding */ YOUNG_GENERATION_MB),
/* harmony export */   engineThreadError: () => (/* binding */ engineThreadError),
/* harmony export */   startEngineThread: () => (/* binding */ startEngineThread)
/* harmony export */ });
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5919);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_worker_threads__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);


/**
 * MB for new objects in the thread that reads images. Left to itself V8 grows that space past
 * 128 MB while a large image streams through (most of the peak memory); capped, the entries of a
 * 120,000-file image cost no more time. Node scripts cannot pass V8 flags to their own node, so
 * the engine runs in a worker thread with this resource limit (the CLI whole, the action's check).
 */
const YOUNG_GENERATION_MB = 16;
/** A worker thread for the engine, its young generation capped. */
function startEngineThread(entry, options) {
    return new node_worker_threads__WEBPACK_IMPORTED_MODULE_0__.Worker(entry, { ...options, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
}
/** What escaped the thread's own error boundary: a heap that ran out is the user's to know, anything else a bug. */
function engineThreadError(error) {
    return error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new _errors_js__WEBPACK_IMPORTED_MODULE_1__.UserError('the JavaScript heap ran out of memory reading the images') : error;
}


/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   UserError: () => (/* binding */ UserError),
/* harmony export */   failureMessage: () => (/* binding */ failureMessage),
/* harmony export */   messageOf: () => (/* binding */ messageOf)
/* harmony export */ });
/**
 * An error the user can fix: bad input, an unreadable image, a policy mistake.
 * Its message is shown as one line, without a stack trace; anything else is a bug.
 */
class UserError extends Error {
    name = 'UserError';
}
/** The message of a caught value, for wrapping lower-level failures in a UserError. */
function messageOf(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
}
/**
 * The one line an entry ends with when something failed: a UserError's message as it is, anything
 * else a bug, with its stack so it can be reported.
 */
function failureMessage(error) {
    if (error instanceof UserError)
        return error.message;
    return `internal error, please report it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}


/***/ })

};
