export { segment, segmentForSearch } from './text/segment.js';
