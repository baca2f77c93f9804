/** `decodeURIComponent`, or the text as it came when it is not valid percent-encoding (`%zz`, a lone surrogate). */
export function decodeOrRaw(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
