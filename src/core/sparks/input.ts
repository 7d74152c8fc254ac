import { z } from 'zod';
import { DOMAINS } from './model.js';

/** The parts of recovery capital a grant can help, as the input schemas take them. */
export const Domain = z.enum(DOMAINS).meta({ description: 'Recovery-capital domain' });
