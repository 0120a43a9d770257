/** Rustfin's version, shown by /api/health and the admin page. */
export const VERSION = "0.1.0";
