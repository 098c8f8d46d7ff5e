// Types of `wx-open-data/workerd` (the same API as the main entry).
export * from './index.js';
