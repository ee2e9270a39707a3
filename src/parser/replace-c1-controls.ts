/** windows-1252's characters for the bytes 0x80–0x9F; the five it leaves undefined stay as they are. */
const WINDOWS_1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

const C1 = /[\u0080-\u009F]|&#(?:(1[2-5]\d)|[xX](0*[89][0-9a-fA-F]));/g;

/**
 * C1 control characters (U+0080–U+009F), written as such or as character references (`&#146;`),
 * as the windows-1252 characters they almost always were: `don&#146;t` is `don’t` from text typed
 * in Windows and labelled ISO-8859-1 somewhere on its way (HTML5 reads these references the same
 * way, and the WHATWG Encoding Standard reads that label as windows-1252 for the same reason).
 * Nobody writes a C1 control in a feed on purpose, and the XML parser would drop it, fusing words.
 */
export function replaceC1Controls(text: string): string {
  return text.replace(C1, (match, decimal: string | undefined, hex: string | undefined) => {
    const code = decimal !== undefined ? Number(decimal) : hex !== undefined ? Number.parseInt(hex, 16) : match.charCodeAt(0);
    return code >= 0x80 && code <= 0x9f ? WINDOWS_1252.charAt(code - 0x80) : match;
  });
}
