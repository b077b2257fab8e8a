/** The shortage screen's windows, in days. Its own module: the route's search validation needs it
 * in the initial bundle, the screen does not belong there. */
export const SHORTAGE_WINDOWS = [7, 14, 30, 90] as const;
