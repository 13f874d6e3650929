/**
 * MB for new objects in the thread that reads images. Left to itself V8 grows that space past
 * 128 MB while a large image streams through (most of the peak memory); capped, the entries of a
 * 120,000-file image cost no more time. Node scripts cannot pass V8 flags to their own node, so
 * the engine runs in a worker thread with this resource limit (the CLI whole, the action's check).
 */
export const YOUNG_GENERATION_MB = 16;
