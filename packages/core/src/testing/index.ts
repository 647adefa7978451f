/** Test harnesses shared by @muster packages' tests (not part of the runtime API). */
export { TestNetwork, seededRandom } from './network';
