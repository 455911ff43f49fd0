const s=561,t=[561],e={8561:(o=>{o.exports={options:{usePureJavaScript:!1}}})};export{s as id,t as ids,e as modules};
