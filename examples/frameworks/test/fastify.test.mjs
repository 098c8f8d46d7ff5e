// The fastify recipe against the mock WeChat (see recipe-cases.mjs for what is checked).
import { start } from '../fastify.mjs';
import { recipeTests } from './recipe-cases.mjs';

recipeTests('fastify', start);
