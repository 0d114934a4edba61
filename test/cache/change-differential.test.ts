import { describeChangeDifferential } from '../support/differential.js';

// Each step is two change checks (four runs): fewer steps than the plain differential, which covers the cache's keys.
describeChangeDifferential(20261130, 60);
