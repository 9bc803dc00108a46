/** @module Every emulated WeChat API route; add a new route file here. */
import type { WeChatRoute } from '../pipeline/wechat-route.js';
import { cgiBinClearQuota } from './cgi-bin/clear-quota.js';
import { cgiBinGetApiDomainIp } from './cgi-bin/get-api-domain-ip.js';
import { cgiBinGetcallbackip } from './cgi-bin/getcallbackip.js';
import { cgiBinOpenapiQuotaGet } from './cgi-bin/openapi/quota/get.js';
import { cgiBinStableToken } from './cgi-bin/stable-token.js';
import { cgiBinTicketGetticket } from './cgi-bin/ticket/getticket.js';
import { cgiBinToken } from './cgi-bin/token.js';
import { cgiBinMessageCustomSend } from './cgi-bin/message/custom/send.js';
import { cgiBinMessageTemplateSend } from './cgi-bin/message/template/send.js';
import { cgiBinMessageSubscribeSend } from './cgi-bin/message/subscribe/send.js';
import { snsJscode2session } from './sns/jscode2session.js';
import { wxaBusinessGetuserphonenumber } from './wxa/business/getuserphonenumber.js';
import { tcbDatabasequery } from './tcb/databasequery.js';
import { tcbDatabaseadd } from './tcb/databaseadd.js';
import { tcbDatabaseupdate } from './tcb/databaseupdate.js';
import { tcbDatabasedelete } from './tcb/databasedelete.js';
import { tcbDatabasecount } from './tcb/databasecount.js';
import { tcbDatabaseaggregate } from './tcb/databaseaggregate.js';
import { tcbDatabasecollectionadd } from './tcb/databasecollectionadd.js';
import { tcbDatabasecollectiondelete } from './tcb/databasecollectiondelete.js';
import { tcbDatabasecollectionget } from './tcb/databasecollectionget.js';
import { tcbUploadfile } from './tcb/uploadfile.js';
import { tcbBatchdownloadfile } from './tcb/batchdownloadfile.js';
import { tcbBatchdeletefile } from './tcb/batchdeletefile.js';
import { tcbInvokecloudfunction } from './tcb/invokecloudfunction.js';

export const WECHAT_ROUTES: readonly WeChatRoute[] = [
  cgiBinToken,
  cgiBinStableToken,
  cgiBinTicketGetticket,
  cgiBinGetcallbackip,
  cgiBinGetApiDomainIp,
  cgiBinOpenapiQuotaGet,
  cgiBinClearQuota,
  tcbDatabasequery,
  tcbDatabaseadd,
  tcbDatabaseupdate,
  tcbDatabasedelete,
  tcbDatabasecount,
  tcbDatabaseaggregate,
  tcbDatabasecollectionadd,
  tcbDatabasecollectiondelete,
  tcbDatabasecollectionget,
  tcbUploadfile,
  tcbBatchdownloadfile,
  tcbBatchdeletefile,
  tcbInvokecloudfunction,
  snsJscode2session,
  wxaBusinessGetuserphonenumber,
  cgiBinMessageCustomSend,
  cgiBinMessageTemplateSend,
  cgiBinMessageSubscribeSend,
];

/** Path families of api.weixin.qq.com: unknown paths under them answer 40066 invalid url. */
export const WECHAT_PATH_FAMILIES = ['/cgi-bin', '/sns', '/wxa', '/wxaapi', '/tcb', '/datacube'] as const;
