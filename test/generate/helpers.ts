/** Shared helpers for the generate tests. */

/** Flag names (without value) of a TS_EXTRA_ARGS-style value. */
export function flagNames(value: string): string[] {
  return value
    .split(/\s+/)
    .filter(Boolean)
    .map(arg => arg.replace(/^--?/, '').split('=')[0]!)
}

/** HuJSON with only line comments (what talscale writes) parsed as JSON. */
export function parseHujson(text: string): unknown {
  return JSON.parse(text.replace(/^\s*\/\/.*$/gm, ''))
}
