import { z } from 'zod';

/** A category of spending as the input schemas take it: a short lowercase code. */
export const Category = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, 'lowercase letters, digits and "-"');
