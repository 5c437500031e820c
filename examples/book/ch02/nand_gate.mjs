// The book's ch02/nand_gate.py: AND with every sign flipped, weights (−0.5, −0.5) and bias 0.7.
// Run: npm run example -- ch02/nand_gate
import { pathToFileURL } from 'node:url';
import { perceptron, truthTable } from './and_gate.mjs';

export const NAND = perceptron([-0.5, -0.5], 0.7);

if (import.meta.url === pathToFileURL(process.argv[1]).href) truthTable(NAND);
