// A tagged template that escapes everything it interpolates, so a group named
// `<script>` is shown as text. Nested templates pass through unescaped.

/** HTML that is already safe: the result of {@link html}. */
export class SafeHtml {
  /** @param {string} value */
  constructor(value) {
    this.value = value;
  }

  toString() {
    return this.value;
  }
}

/** @param {string} text */
export function escapeHtml(text) {
  return text.replace(
    /[&<>"']/g,
    (character) =>
      /** @type {Record<string, string>} */ ({
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#39;",
      })[character] ?? character,
  );
}

/** @typedef {SafeHtml | string | number | undefined | null | false | readonly SafeHtml[]} Interpolation */

/** @param {Interpolation} value @returns {string} */
function render(value) {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === undefined || value === null || value === false) return "";
  return escapeHtml(String(value));
}

/**
 * @param {TemplateStringsArray} strings
 * @param {...Interpolation} values
 * @returns {SafeHtml}
 * @example
 * html`<h1>${group.name}</h1>`; // escaped
 */
export function html(strings, ...values) {
  return new SafeHtml(strings.reduce((out, string, index) => out + render(values[index - 1]) + string));
}
