export { buildProgram, main, runCli } from './main.ts';
