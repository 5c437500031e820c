// The book's ch02/or_gate.py: the same perceptron as AND with a smaller threshold (bias −0.2).
// Run: npm run example -- ch02/or_gate
import { pathToFileURL } from 'node:url';
import { perceptron, truthTable } from './and_gate.mjs';

export const OR = perceptron([0.5, 0.5], -0.2);

if (import.meta.url === pathToFileURL(process.argv[1]).href) truthTable(OR);
