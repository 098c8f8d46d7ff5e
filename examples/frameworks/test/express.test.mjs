// The express recipe against the mock WeChat (see recipe-cases.mjs for what is checked).
import { start } from '../express.mjs';
import { recipeTests } from './recipe-cases.mjs';

recipeTests('express', start);
