import { describeDifferential } from '../support/differential.js';

// 300 steps in two files of 150 (this seed and the next, differential-next-seed.test.ts), so the
// two halves run on two cores; `npm run differential` runs one long sequence on the whole example.
describeDifferential(20261129, 150);
