export { CodeSources, type CodeSourcesDeps } from './service';
