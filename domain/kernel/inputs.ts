import { z } from 'zod';

/** Reusable input shapes, so every command validates the same things the same way. */
export const id = z.number().int().positive();
export const quantity = z.number().int().positive().max(1e12);
/** Integer minor units (cents); never a fraction. */
export const money = z.number().int().nonnegative().max(9e15);
export const basisPoints = z.number().int().min(0).max(10_000);
export const currency = z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO currency code');
export const code = z.string().trim().min(1).max(40);
export const name = z.string().trim().min(1).max(200);
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a real calendar date');

export const today = () => new Date().toISOString().slice(0, 10);
