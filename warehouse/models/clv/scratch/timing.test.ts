import { it } from 'vitest';
import { simulateBgNbd } from '../simulate.js';
import { fitBgNbd } from '../bgnbd-fit.js';
it('timing', () => {
  const t0 = performance.now();
  const sims = simulateBgNbd({ r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 }, { customers: 100000, T: 39, seed: 1 });
  const t1 = performance.now();
  const fit = fitBgNbd(sims, { unit: 'week' });
  const t2 = performance.now();
  console.log('sim', t1 - t0, 'fit', t2 - t1, fit);
  const rounded = sims.map((s) => ({ frequency: s.frequency, recency: Math.round(s.recency * 7) / 7, T: s.T }));
  const t3 = performance.now();
  const fit2 = fitBgNbd(rounded, { unit: 'week' });
  console.log('fit rounded', performance.now() - t3, fit2);
});
