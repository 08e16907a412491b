import { runShard } from './run';

runShard(3);
