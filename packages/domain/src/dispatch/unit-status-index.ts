/** Units' status machine and live positions (issue #5 §1-2), exported as one entry of the domain. */
export * from './unit-status.ts';
export * from './positions.ts';
