// The book's ch02/and_gate.py: a perceptron with weights (0.5, 0.5) and bias −0.7 is an AND gate.
// Run: npm run example -- ch02/and_gate
import { pathToFileURL } from 'node:url';
import { Tensor } from 'scratchnet';

/** 1 when w·x + b > 0, else 0 (the book's perceptron), in float64 as numpy computes it. */
export function perceptron(w, b) {
  const weights = Tensor.from(w, { dtype: 'float64' });
  return (x1, x2) => (Tensor.from([x1, x2], { dtype: 'float64' }).mul(weights).sum().item() + b <= 0 ? 0 : 1);
}

export const AND = perceptron([0.5, 0.5], -0.7);

/** Prints the gate's truth table as the book's scripts do: (0, 0) -> 0 ... */
export function truthTable(gate) {
  for (const [x1, x2] of [[0, 0], [1, 0], [0, 1], [1, 1]]) console.log(`(${x1}, ${x2}) -> ${gate(x1, x2)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) truthTable(AND);
