export * from './billingCycle.js';
export * from './plans.js';
export * from './usageMeter.js';
export * from './usageReport.js';
