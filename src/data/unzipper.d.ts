// unzipper ships no types; this is the one call the Excel reader makes (xlsx.ts).
declare module 'unzipper' {
  const unzipper: { Open: { file(path: string): Promise<unknown> } };
  export default unzipper;
}
