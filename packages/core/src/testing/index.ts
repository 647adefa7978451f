/** Test harnesses shared by @muster packages' tests (not part of the runtime API). */
export { LinkedNetworks, TestNetwork, seededRandom } from './network';
