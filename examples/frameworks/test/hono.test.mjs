// The hono recipe against the mock WeChat (see recipe-cases.mjs for what is checked).
import { start } from '../hono.mjs';
import { recipeTests } from './recipe-cases.mjs';

recipeTests('hono', start);
