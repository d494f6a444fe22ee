// Types of the generated src/gen/config-validators.js (see scripts/gen-config-validators.ts).
import type { ValidateFunction } from 'ajv';

export declare const VALIDATORS: Readonly<Record<string, ValidateFunction>>;
