// The book's ch02/xor_gate.py: no single perceptron separates XOR, but two layers do:
// XOR(x1, x2) = AND(NAND(x1, x2), OR(x1, x2)).
// Run: npm run example -- ch02/xor_gate
import { pathToFileURL } from 'node:url';
import { AND, truthTable } from './and_gate.mjs';
import { NAND } from './nand_gate.mjs';
import { OR } from './or_gate.mjs';

export const XOR = (x1, x2) => AND(NAND(x1, x2), OR(x1, x2));

if (import.meta.url === pathToFileURL(process.argv[1]).href) truthTable(XOR);
