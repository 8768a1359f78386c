// What a plugin's callbacks see of one request: Higress's `wrapper.HttpContext`.
import { StreamContext } from "../context/stream-context";

export class HttpContext extends StreamContext {}
