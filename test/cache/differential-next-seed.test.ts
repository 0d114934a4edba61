import { describeDifferential } from '../support/differential.js';

// The second half of the differential test's 300 steps (see differential.test.ts), from the next seed.
describeDifferential(20261130, 150);
