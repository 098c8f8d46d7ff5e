// Types of `wx-open-data/node` (the same API as the main entry).
export * from './index.js';
