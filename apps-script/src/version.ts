/** The add-on's version, answered by `hello` (replaced at build time from package.json). */
declare const __FT_VERSION__: string;
export const VERSION: string = __FT_VERSION__;
