export const id = 916;
export const ids = [916];
export const modules = {

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
