import { createHash } from 'node:crypto';
import type { Hasher } from '../core/context.js';

/** SHA-256 hex via node:crypto: synchronous on Node and in workerd (nodejs_compat). */
export const sha256Hex: Hasher = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
