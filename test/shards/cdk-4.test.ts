import { runShard } from './run';

runShard(4);
