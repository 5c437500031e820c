import type { NestedArray } from '../../src/index.js';
import { fixture } from '../helpers.js';

type Entry = Record<string, NestedArray>;
/** test/fixtures/layers.json, made by make_layer_fixtures.py with numpy. */
export const ref = fixture<Record<string, Entry>>('layers.json');
