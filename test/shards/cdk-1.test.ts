import { runShard } from './run';

runShard(1);
