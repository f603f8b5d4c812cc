/** GPT-2's reversible byte -> printable unicode char mapping, in GPT-2 vocabulary order. */
export function gpt2ByteToUnicode(): Map<number, string> {
  const printable: number[] = [];
  for (let byte = 33; byte <= 126; byte++) printable.push(byte);
  for (let byte = 161; byte <= 172; byte++) printable.push(byte);
  for (let byte = 174; byte <= 255; byte++) printable.push(byte);
  const mapping = new Map<number, string>(printable.map((byte) => [byte, String.fromCodePoint(byte)]));
  let nextCodePoint = 256;
  for (let byte = 0; byte < 256; byte++) {
    if (!mapping.has(byte)) mapping.set(byte, String.fromCodePoint(nextCodePoint++));
  }
  return mapping;
}
