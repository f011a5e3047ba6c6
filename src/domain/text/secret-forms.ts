// The other spellings a secret value takes in output: base64 (standard and URL-safe, also inside
// a longer encoded text: the three byte alignments), hex, percent- and JSON-escaped. A service
// that prints `echo -n "$TOKEN" | base64` leaks the token as surely as printing it.

/** Encoded cores shorter than this are not masked: they would match inside unrelated data. */
const MIN_FORM_LENGTH = 6;

export function encodedForms(value: string): string[] {
  const bytes = new TextEncoder().encode(value);
  const forms = new Set<string>();
  for (let shift = 0; shift < 3; shift++) {
    const b64 = base64(new Uint8Array([...new Uint8Array(shift), ...bytes]));
    // Characters that depend on the bytes before the value (a shifted start) or after it (an
    // incomplete last group) are left out; what remains appears in any encoding of a text
    // holding the value at that alignment.
    const start = shift === 0 ? 0 : 4;
    const whole = (shift + bytes.length) % 3 === 0;
    const end = whole ? b64.length : b64.length - 4;
    const core = b64.slice(start, end);
    for (const f of [core, toUrl(core)]) if (f.length >= MIN_FORM_LENGTH) forms.add(f);
    if (shift === 0) {
      forms.add(b64);
      forms.add(b64.replace(/=+$/, ''));
      forms.add(toUrl(b64).replace(/=+$/, ''));
    }
  }
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  forms.add(hex);
  forms.add(hex.toUpperCase());
  forms.add(encodeURIComponent(value));
  forms.add(JSON.stringify(value).slice(1, -1));
  forms.delete(value);
  return [...forms].filter((f) => f.length >= MIN_FORM_LENGTH);
}

function base64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function toUrl(b64: string): string {
  return b64.replace(/\+/g, '-').replace(/\//g, '_');
}
