// The deployment's settings the page follows (GET /v1/ui): the undo window is the service's, less a margin.
let settings = {};
export const setSettings = (s) => { settings = s ?? {}; };
/** The service refuses undo after its window; the page offers it a little less long (network, clocks). */
export const undoWindowMs = () => Math.max(0, (settings.undoWindowMs ?? 30_000) - 2_000);
