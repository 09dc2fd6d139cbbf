import { z } from 'zod';

/** A CA certificate pasted by the user: PEM text, or empty for none. */
export const caCertPemSchema = z
  .string()
  .trim()
  .max(64 * 1024)
  .refine((v) => v === '' || v.includes('-----BEGIN CERTIFICATE-----'), 'validation.caCertPem');
