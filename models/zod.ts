/** The one zod instance of the project, extended with `.openapi()` so every schema can describe itself. */
import { z } from 'zod';
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';

extendZodWithOpenApi(z);

export { z };
