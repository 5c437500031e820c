/**
 * Module hooks for the examples' test: 'scratchnet' imported from examples/book resolves to
 * tiny-scratchnet.js, the library with a loadMnist that reads the first few images only.
 */
const SHIM = new URL('./tiny-scratchnet.js', import.meta.url).href;

interface Resolved {
  readonly url: string;
  readonly shortCircuit?: boolean;
}

export async function resolve(specifier: string, context: { readonly parentURL?: string }, next: (specifier: string, context: unknown) => Promise<Resolved>): Promise<Resolved> {
  if (specifier === 'scratchnet' && context.parentURL?.includes('/examples/book/') === true) return { url: SHIM, shortCircuit: true };
  return next(specifier, context);
}
