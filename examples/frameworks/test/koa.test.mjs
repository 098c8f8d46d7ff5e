// The koa recipe against the mock WeChat (see recipe-cases.mjs for what is checked).
import { start } from '../koa.mjs';
import { recipeTests } from './recipe-cases.mjs';

recipeTests('koa', start);
